using System.Diagnostics.CodeAnalysis;

namespace Microsoft.DurableTask;

/// <summary>Serializes the inputs, outputs and custom status of orchestrations to and from text.</summary>
public abstract class DataConverter
{
    [return: NotNullIfNotNull(nameof(value))]
    public abstract string? Serialize(object? value);

    [return: NotNullIfNotNull(nameof(data))]
    public abstract object? Deserialize(string? data, Type targetType);

    [return: NotNullIfNotNull(nameof(data))]
    public virtual T? Deserialize<T>(string? data) => (T?)(Deserialize(data, typeof(T)) ?? default(T));
}
