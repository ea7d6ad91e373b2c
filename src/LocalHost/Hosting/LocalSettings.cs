using System.Globalization;
using System.Text.Json;

namespace McpOrchestrator.LocalHost.Hosting;

/// <summary><c>local.settings.json</c> as Core Tools reads it: <c>Values</c> are app settings (given to the worker as
/// environment variables; a variable already in the environment wins) and <c>Host</c> configures the local host
/// (<c>LocalHttpPort</c>, <c>CORS</c>, <c>CORSCredentials</c>). Without the file, <c>local.settings.sample.json</c>
/// beside it supplies the defaults.</summary>
public sealed record LocalSettings(
    string? Source,
    IReadOnlyDictionary<string, string> Values,
    int? LocalHttpPort,
    IReadOnlyList<string> CorsOrigins,
    bool CorsCredentials)
{
    public const string FileName = "local.settings.json";
    public const string SampleFileName = "local.settings.sample.json";

    public static LocalSettings Load(string directory)
    {
        foreach (var name in new[] { FileName, SampleFileName })
        {
            var path = Path.Combine(directory, name);
            if (File.Exists(path))
            {
                return Parse(File.ReadAllText(path), path);
            }
        }

        return new LocalSettings(null, new Dictionary<string, string>(), null, [], false);
    }

    public static LocalSettings Parse(string json, string source)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new HostStartupException($"{source} is not valid JSON (line {e.LineNumber + 1}): fix or delete the file.", e);
        }

        using (document)
        {
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            if (document.RootElement.TryGetProperty(nameof(Values), out var settings) && settings.ValueKind == JsonValueKind.Object)
            {
                foreach (var setting in settings.EnumerateObject())
                {
                    if (AsString(setting.Value) is { } value)
                    {
                        values[setting.Name] = value;
                    }
                }
            }

            int? port = null;
            IReadOnlyList<string> origins = [];
            var credentials = false;
            if (document.RootElement.TryGetProperty("Host", out var host) && host.ValueKind == JsonValueKind.Object)
            {
                if (host.TryGetProperty(nameof(LocalHttpPort), out var portValue) && AsString(portValue) is { Length: > 0 } portText)
                {
                    port = int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p is >= 1 and <= 65535
                        ? p
                        : throw new HostStartupException($"Host.LocalHttpPort in {source} must be a TCP port number, got '{portText}': fix the file.");
                }

                if (host.TryGetProperty("CORS", out var cors) && AsString(cors) is { } corsText)
                {
                    origins = ParseOrigins(corsText);
                }

                if (host.TryGetProperty("CORSCredentials", out var credentialsValue))
                {
                    var text = AsString(credentialsValue);
                    credentials = text is not null && (bool.TryParse(text, out var c)
                        ? c
                        : throw new HostStartupException($"Host.CORSCredentials in {source} must be true or false, got '{text}': fix the file."));
                }
            }

            return new LocalSettings(source, values, port, origins, credentials);
        }
    }

    /// <summary>A comma-separated origin list (<c>Host.CORS</c>, as <c>func start --cors</c> takes it).</summary>
    public static IReadOnlyList<string> ParseOrigins(string text) =>
        [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(origin => origin.TrimEnd('/'))];

    private static string? AsString(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => value.GetRawText(),
    };
}
