using System.Text.Json;

namespace McpOrchestrator.Cli.Settings;

/// <summary>Reads and writes <c>mcpo</c>'s own JSON files (camelCase), written owner-only and atomically.</summary>
public static class JsonFiles
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The file's value, or null when it does not exist; a file that is not valid JSON is an error naming
    /// it.</summary>
    public static T? Read<T>(string path)
        where T : class
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<T>(File.ReadAllText(path), Options);
        }
        catch (JsonException ex)
        {
            throw new CliException($"{path} is not valid JSON ({ex.Message}); fix or delete it.");
        }
    }

    public static void Write<T>(string path, T value) => Files.PrivateFile.Write(path, JsonSerializer.Serialize(value, Options) + "\n");
}
