using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Azure;

namespace McpOrchestrator.Core.Storage;

/// <summary>
/// Entity JSON for the Table service: writes flat objects with <c>@odata.type</c> annotations where JSON alone would
/// lose the type (Int64, Double, DateTime, Guid, Binary), and reads minimal-metadata responses back into typed values.
/// </summary>
internal static class TableEntityJson
{
    private const string TypeSuffix = "@odata.type";

    public static byte[] Serialize(TableEntity entity)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, entity);
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static void Write(Utf8JsonWriter writer, TableEntity entity)
    {
        writer.WriteStartObject();
        writer.WriteString("PartitionKey", entity.PartitionKey);
        writer.WriteString("RowKey", entity.RowKey);
        foreach (var (name, value) in entity.Properties)
        {
            switch (value)
            {
                case string s:
                    writer.WriteString(name, s);
                    break;
                case bool b:
                    writer.WriteBoolean(name, b);
                    break;
                case int i:
                    writer.WriteNumber(name, i);
                    break;
                case long l:
                    writer.WriteString(name, l.ToString(CultureInfo.InvariantCulture));
                    writer.WriteString(name + TypeSuffix, "Edm.Int64");
                    break;
                case double d:
                    if (double.IsFinite(d))
                    {
                        writer.WriteNumber(name, d);
                    }
                    else
                    {
                        writer.WriteString(name, double.IsNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity");
                    }

                    // Annotated always: an integral double would otherwise come back as Int32.
                    writer.WriteString(name + TypeSuffix, "Edm.Double");
                    break;
                case DateTimeOffset dto:
                    writer.WriteString(name, TableEntity.FormatDateTime(dto));
                    writer.WriteString(name + TypeSuffix, "Edm.DateTime");
                    break;
                case Guid g:
                    writer.WriteString(name, g.ToString("D"));
                    writer.WriteString(name + TypeSuffix, "Edm.Guid");
                    break;
                case byte[] bytes:
                    writer.WriteBase64String(name, bytes);
                    writer.WriteString(name + TypeSuffix, "Edm.Binary");
                    break;
                default:
                    throw new InvalidOperationException($"Property '{name}' has unsupported type {value.GetType().Name}.");
            }
        }

        writer.WriteEndObject();
    }

    /// <summary>Reads one entity object; <paramref name="headerETag"/> is used when the body carries no <c>odata.etag</c>.</summary>
    public static TableEntity Read(JsonElement element, string? headerETag)
    {
        var entity = new TableEntity();
        if (headerETag is not null)
        {
            entity.ETag = new ETag(headerETag);
        }

        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if (property.Name.EndsWith(TypeSuffix, StringComparison.Ordinal) && property.Value.ValueKind == JsonValueKind.String)
            {
                types[property.Name[..^TypeSuffix.Length]] = property.Value.GetString()!;
            }
        }

        foreach (var property in element.EnumerateObject())
        {
            var name = property.Name;
            var value = property.Value;
            switch (name)
            {
                case "PartitionKey":
                    entity.PartitionKey = value.GetString() ?? string.Empty;
                    continue;
                case "RowKey":
                    entity.RowKey = value.GetString() ?? string.Empty;
                    continue;
                case "Timestamp":
                    entity.Timestamp = ParseDateTime(value.GetString()!);
                    continue;
                case "odata.etag":
                    entity.ETag = new ETag(value.GetString()!);
                    continue;
            }

            if (name.StartsWith("odata.", StringComparison.Ordinal) || name.Contains('@', StringComparison.Ordinal) || value.ValueKind == JsonValueKind.Null)
            {
                continue;
            }

            entity.SetFromService(name, ReadValue(value, types.GetValueOrDefault(name)));
        }

        return entity;
    }

    private static object ReadValue(JsonElement value, string? edmType)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            case JsonValueKind.Number:
                var raw = value.GetRawText();
                if (edmType == "Edm.Double" || raw.AsSpan().IndexOfAny('.', 'e', 'E') >= 0)
                {
                    return value.GetDouble();
                }

                if (edmType == "Edm.Int64")
                {
                    return value.GetInt64();
                }

                if (value.TryGetInt32(out var int32))
                {
                    return int32;
                }

                return value.TryGetInt64(out var int64) ? (object)int64 : value.GetDouble();
            case JsonValueKind.String:
                var text = value.GetString()!;
                return edmType switch
                {
                    "Edm.Int64" => long.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture),
                    "Edm.Double" => text switch
                    {
                        "NaN" => double.NaN,
                        "Infinity" => double.PositiveInfinity,
                        "-Infinity" => double.NegativeInfinity,
                        _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
                    },
                    "Edm.DateTime" => ParseDateTime(text),
                    "Edm.Guid" => Guid.Parse(text, CultureInfo.InvariantCulture),
                    "Edm.Binary" => Convert.FromBase64String(text),
                    "Edm.Int32" => int.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture),
                    "Edm.Boolean" => bool.Parse(text),
                    _ => text,
                };
            default:
                throw new FormatException($"Unexpected JSON {value.ValueKind} for a table property.");
        }
    }

    private static DateTimeOffset ParseDateTime(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
