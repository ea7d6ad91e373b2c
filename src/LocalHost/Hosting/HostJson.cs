using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace McpOrchestrator.LocalHost.Hosting;

/// <summary>The parts of the app's <c>host.json</c> this host applies: the HTTP route prefix
/// (<c>extensions.http.routePrefix</c>, default <c>api</c>), <c>functionTimeout</c> (null: none) and
/// <c>logging.logLevel</c>. <see cref="Document"/> is the whole file, for extensions.</summary>
public sealed record HostJson(JsonObject Document, string RoutePrefix, TimeSpan? FunctionTimeout, IReadOnlyDictionary<string, string> LogLevels)
{
    public const string FileName = "host.json";

    /// <summary>Reads host.json from <paramref name="scriptRoot"/>, with app settings named
    /// <c>AzureFunctionsJobHost__a__b</c> overriding the value at path a.b, as the Functions host allows.</summary>
    public static HostJson Load(string scriptRoot, IReadOnlyDictionary<string, string>? appSettings = null)
    {
        var path = Path.Combine(scriptRoot, FileName);
        var parsed = File.Exists(path) ? Parse(File.ReadAllText(path), path) : Parse("{}", path);
        const string prefix = "AzureFunctionsJobHost__";
        var overrides = (appSettings ?? new Dictionary<string, string>()).Where(s => s.Key.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)).ToList();
        if (overrides.Count == 0)
        {
            return parsed;
        }

        var document = (JsonObject)parsed.Document.DeepClone();
        foreach (var (name, value) in overrides)
        {
            var segments = name[prefix.Length..].Split("__", StringSplitOptions.RemoveEmptyEntries);
            var node = document;
            foreach (var segment in segments[..^1])
            {
                var existing = node.FirstOrDefault(p => string.Equals(p.Key, segment, StringComparison.OrdinalIgnoreCase));
                if (existing.Value is JsonObject child)
                {
                    node = child;
                }
                else
                {
                    child = [];
                    node[existing.Key ?? segment] = child;
                    node = child;
                }
            }

            var leaf = node.FirstOrDefault(p => string.Equals(p.Key, segments[^1], StringComparison.OrdinalIgnoreCase)).Key ?? segments[^1];
            node[leaf] = value;
        }

        return Parse(document.ToJsonString(), $"{path} with AzureFunctionsJobHost__ settings");
    }

    public static HostJson Parse(string json, string source)
    {
        JsonObject document;
        try
        {
            document = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }) as JsonObject
                ?? throw new HostStartupException($"{source} must hold a JSON object: fix the file.");
        }
        catch (JsonException e)
        {
            throw new HostStartupException($"{source} is not valid JSON (line {e.LineNumber + 1}): fix the file.", e);
        }

        var prefix = (Find(document, "extensions", "http", "routePrefix") as JsonValue)?.ToString() ?? "api";
        TimeSpan? timeout = null;
        if (Find(document, "functionTimeout") is JsonValue timeoutValue)
        {
            var text = timeoutValue.ToString();
            if (!TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var parsed) || (parsed <= TimeSpan.Zero && parsed != TimeSpan.FromMilliseconds(-1) && text.Trim() != "-1"))
            {
                throw new HostStartupException($"functionTimeout in {source} must be a time span such as \"00:05:00\" (or -1 for none), got '{text}': fix the file.");
            }

            timeout = text.Trim() == "-1" || parsed < TimeSpan.Zero ? null : parsed;
        }

        var levels = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (Find(document, "logging", "logLevel") is JsonObject logLevel)
        {
            foreach (var (category, level) in logLevel)
            {
                if (level is JsonValue value)
                {
                    levels[category] = value.ToString();
                }
            }
        }

        return new HostJson(document, prefix.Trim('/'), timeout, levels);
    }

    private static JsonNode? Find(JsonObject node, params string[] path)
    {
        JsonNode? current = node;
        foreach (var name in path)
        {
            if (current is not JsonObject o)
            {
                return null;
            }

            current = o.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
        }

        return current;
    }
}
