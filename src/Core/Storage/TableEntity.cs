using System.Collections.ObjectModel;
using System.Globalization;
using Azure;

namespace McpOrchestrator.Core.Storage;

/// <summary>
/// One row of a table: its keys, the service-managed ETag and Timestamp, and typed properties (string, bool, int,
/// long, double, DateTimeOffset, Guid, byte[]). Types survive the round trip through the service. A null value means
/// "not stored": setting a property to null removes it.
/// </summary>
public sealed class TableEntity
{
    private readonly Dictionary<string, object> _properties = new(StringComparer.Ordinal);
    private string _partitionKey;
    private string _rowKey;

    public TableEntity()
        : this(string.Empty, string.Empty)
    {
    }

    public TableEntity(string partitionKey, string rowKey)
    {
        ArgumentNullException.ThrowIfNull(partitionKey);
        ArgumentNullException.ThrowIfNull(rowKey);
        _partitionKey = partitionKey;
        _rowKey = rowKey;
        Properties = new ReadOnlyDictionary<string, object>(_properties);
    }

    public string PartitionKey
    {
        get => _partitionKey;
        set => _partitionKey = value ?? throw new ArgumentNullException(nameof(value));
    }

    public string RowKey
    {
        get => _rowKey;
        set => _rowKey = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>The version the service returned with this entity; <c>default</c> for an entity not read from storage.</summary>
    public ETag ETag { get; set; }

    /// <summary>When the service last modified the entity; ignored on writes.</summary>
    public DateTimeOffset? Timestamp { get; set; }

    /// <summary>The custom properties (not PartitionKey, RowKey, Timestamp or ETag).</summary>
    public IReadOnlyDictionary<string, object> Properties { get; }

    /// <summary>
    /// A property's value, or null when absent. <c>PartitionKey</c>, <c>RowKey</c> and <c>Timestamp</c> map to their
    /// properties. Setting null removes the property; setting a value of an unsupported type throws.
    /// </summary>
    public object? this[string name]
    {
        get => name switch
        {
            nameof(PartitionKey) => PartitionKey,
            nameof(RowKey) => RowKey,
            nameof(Timestamp) => Timestamp,
            _ => _properties.GetValueOrDefault(name),
        };
        set
        {
            switch (name)
            {
                case nameof(PartitionKey):
                    PartitionKey = value as string ?? throw new ArgumentException("PartitionKey must be a string.", nameof(value));
                    return;
                case nameof(RowKey):
                    RowKey = value as string ?? throw new ArgumentException("RowKey must be a string.", nameof(value));
                    return;
            }

            ValidatePropertyName(name);
            if (value is null)
            {
                _properties.Remove(name);
            }
            else
            {
                _properties[name] = Normalize(name, value);
            }
        }
    }

    public bool ContainsKey(string name) => _properties.ContainsKey(name);

    public bool Remove(string name) => _properties.Remove(name);

    public string? GetString(string name) => GetReference<string>(name);

    public bool? GetBoolean(string name) => GetValue<bool>(name);

    public int? GetInt32(string name) => GetValue<int>(name);

    public long? GetInt64(string name) => _properties.GetValueOrDefault(name) switch
    {
        null => null,
        long l => l,
        int i => i,
        var other => throw WrongType(name, other, "Int64"),
    };

    public double? GetDouble(string name) => _properties.GetValueOrDefault(name) switch
    {
        null => null,
        double d => d,
        int i => i,
        long l => l,
        var other => throw WrongType(name, other, "Double"),
    };

    public DateTimeOffset? GetDateTimeOffset(string name) => GetValue<DateTimeOffset>(name);

    public Guid? GetGuid(string name) => GetValue<Guid>(name);

    public byte[]? GetBinary(string name) => GetReference<byte[]>(name);

    /// <summary>The wire format of Edm.DateTime values and datetime literals: UTC with 7 fractional digits.</summary>
    internal static string FormatDateTime(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Stores a value read from the service, already of a supported type.</summary>
    internal void SetFromService(string name, object value) => _properties[name] = value;

    // Two helpers, because T? on an unconstrained generic is plain T for value types: a missing bool would read as
    // false instead of null.
    private T? GetValue<T>(string name)
        where T : struct
    {
        var value = _properties.GetValueOrDefault(name);
        return value switch
        {
            null => null,
            T typed => typed,
            _ => throw WrongType(name, value, typeof(T).Name),
        };
    }

    private T? GetReference<T>(string name)
        where T : class
    {
        var value = _properties.GetValueOrDefault(name);
        return value switch
        {
            null => null,
            T typed => typed,
            _ => throw WrongType(name, value, typeof(T).Name),
        };
    }

    private static InvalidOperationException WrongType(string name, object value, string wanted) =>
        new($"Property '{name}' holds a {value.GetType().Name}, not a {wanted}.");

    private static void ValidatePropertyName(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name == nameof(Timestamp) || name.StartsWith("odata.", StringComparison.Ordinal) || name.Contains('@', StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{name}' is managed by the service or reserved for annotations and cannot be set.", nameof(name));
        }
    }

    private static object Normalize(string name, object value) => value switch
    {
        string or bool or int or long or double or DateTimeOffset or Guid => value,
        byte[] bytes => bytes.ToArray(),
        BinaryData data => data.ToArray(),
        float f => (double)f,
        short or ushort or byte or sbyte => Convert.ToInt32(value, CultureInfo.InvariantCulture),
        uint u => (long)u,
        DateTime { Kind: DateTimeKind.Unspecified } => throw new ArgumentException(
            $"Property '{name}' is a DateTime of unspecified kind; use DateTimeOffset or a UTC DateTime.", nameof(value)),
        DateTime dt => new DateTimeOffset(dt.ToUniversalTime()),
        _ => throw new ArgumentException(
            $"Property '{name}' has type {value.GetType().Name}; supported types are string, bool, int, long, double, DateTimeOffset, Guid and byte[].",
            nameof(value)),
    };
}
