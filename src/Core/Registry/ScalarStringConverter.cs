using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace McpOrchestrator.Core.Registry;

/// <summary>A value given as a JSON string, number or boolean, kept as text (<c>5679</c>, <c>true</c>). Parameter
/// values are typed by the parameter they fill, not by the JSON token, so <c>"port": 5679</c> and
/// <c>"port": "5679"</c> mean the same. Objects and arrays are refused.</summary>
internal sealed class ScalarStringConverter : JsonConverter<string?>
{
    public override bool HandleNull => true;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => ReadScalar(ref reader);

    public override void Write(Utf8JsonWriter writer, string? value, JsonSerializerOptions options)
    {
        if (value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteStringValue(value);
        }
    }

    internal static string? ReadScalar(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.Null => null,
        JsonTokenType.String => reader.GetString(),
        JsonTokenType.Number => Encoding.UTF8.GetString(reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan.ToArray()),
        JsonTokenType.True => "true",
        JsonTokenType.False => "false",
        _ => throw new JsonException("Expected a string, a number or a boolean."),
    };
}
