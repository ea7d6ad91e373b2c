using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.DurableTask;

namespace McpOrchestrator.LocalRuntime.Durable;

/// <summary>How the engine serializes what functions exchange (orchestration inputs and outputs, activity inputs and
/// results, event payloads, custom status): the isolated worker's default serializer, System.Text.Json with
/// case-insensitive property names and no naming policy — so the stored JSON is the same as under Microsoft's worker.</summary>
internal sealed class DurableJson : DataConverter
{
    public static readonly DurableJson Converter = new();

    public static readonly JsonSerializerOptions PayloadOptions = new() { PropertyNameCaseInsensitive = true };

    /// <summary>The engine's own records (history events, failure details in storage).</summary>
    public static readonly JsonSerializerOptions StateOptions = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    public override string? Serialize(object? value) =>
        value is null ? null : JsonSerializer.Serialize(value, value.GetType(), PayloadOptions);

    public override object? Deserialize(string? data, Type targetType) =>
        data is null ? null : JsonSerializer.Deserialize(data, targetType, PayloadOptions);

    public static T? Read<T>(string? data) => data is null ? default : JsonSerializer.Deserialize<T>(data, PayloadOptions);

    public static object? Read(string? data, Type type) => data is null
        ? (type.IsValueType && Nullable.GetUnderlyingType(type) is null ? Activator.CreateInstance(type) : null)
        : JsonSerializer.Deserialize(data, type, PayloadOptions);
}
