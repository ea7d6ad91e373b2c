using System.Text.Json;
using System.Text.Json.Serialization;

namespace McpOrchestrator.Core.Registry;

/// <summary>An enum as its lowercase member name, read strictly: exactly one of the names, no numbers, no
/// case-insensitive or comma-separated forms (which the framework's string-enum converter would accept).</summary>
internal sealed class LowercaseEnumConverter<T> : JsonConverter<T>
    where T : struct, Enum
{
    private static readonly Dictionary<string, T> ByName =
        Enum.GetValues<T>().ToDictionary(v => v.ToString().ToLowerInvariant(), v => v, StringComparer.Ordinal);

    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String && reader.GetString() is { } name && ByName.TryGetValue(name, out var value))
        {
            return value;
        }

        throw new JsonException($"Expected one of: {string.Join(", ", ByName.Keys)}.");
    }

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString().ToLowerInvariant());
}
