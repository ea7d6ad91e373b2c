using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Azure.Data.Tables;

namespace McpOrchestrator.Core.Registry;

/// <summary>JSON documents kept in table rows. A string property holds at most 32 K UTF-16 characters, so a document
/// is split over <c>Json</c>, <c>Json1</c>, <c>Json2</c>… (never inside a surrogate pair). Reading skips members it
/// does not know, so rows written by a newer version still load.</summary>
internal static class StorageJson
{
    public const string Property = "Json";
    private const int ChunkLength = 30_000;
    private const int MaxChunks = 15;

    /// <summary>Longest document stored, in characters (a row holds at most 1 MiB of UTF-16).</summary>
    public const int MaxLength = ChunkLength * MaxChunks;

    // Relaxed escaping: these documents go to storage, never into HTML, and escaping every non-ASCII character as
    // \uXXXX would make them up to six times longer than what the caller sent.
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void Write<T>(TableEntity entity, T value)
    {
        var json = JsonSerializer.Serialize(value, Options);
        var chunk = 0;
        for (var start = 0; start < json.Length; chunk++)
        {
            if (chunk >= MaxChunks)
            {
                throw new InvalidOperationException($"A stored document is limited to {MaxChunks * ChunkLength} characters; the callers' size limits should have refused this one.");
            }

            var length = Math.Min(ChunkLength, json.Length - start);
            if (length < json.Length - start && char.IsHighSurrogate(json[start + length - 1]))
            {
                length--;
            }

            entity[Name(chunk)] = json.Substring(start, length);
            start += length;
        }
    }

    public static T? Read<T>(TableEntity entity)
    {
        var first = entity.GetString(Property);
        if (first is null)
        {
            return default;
        }

        var json = first;
        for (var chunk = 1; entity.GetString(Name(chunk)) is { } next; chunk++)
        {
            json += next;
        }

        return JsonSerializer.Deserialize<T>(json, Options);
    }

    private static string Name(int chunk) => chunk == 0 ? Property : Property + chunk.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
