using System.Text.Json;
using System.Text.Json.Serialization;

namespace McpOrchestrator.Core.Registry;

/// <summary>A JSON object whose values are strings, numbers or booleans, read as text (see
/// <see cref="ScalarStringConverter"/>). Null values, nested objects, arrays and repeated keys are refused, so
/// <c>{"a": 1, "a": 2}</c> can never mean one thing here and another in a client.</summary>
internal sealed class ScalarDictionaryConverter : JsonConverter<IReadOnlyDictionary<string, string>>
{
    public override IReadOnlyDictionary<string, string> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("Expected an object of names to values.");
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString() ?? throw new JsonException("Expected a property name.");
            reader.Read();
            var value = ScalarStringConverter.ReadScalar(ref reader)
                ?? throw new JsonException($"The value of '{name}' is null; give a string, a number or a boolean, or leave the name out.");
            if (!values.TryAdd(name, value))
            {
                throw new JsonException($"'{name}' is given twice.");
            }
        }

        return values;
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyDictionary<string, string> value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        foreach (var (name, text) in value)
        {
            writer.WriteString(name, text);
        }

        writer.WriteEndObject();
    }
}
