using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace McpOrchestrator.LocalRuntime.Hosting;

/// <summary>The parts of host.json the local runtime applies: the HTTP route prefix, log levels, and the
/// <c>extensions.durableTask</c> section (read by <see cref="Durable.DurableTaskHubOptions"/>).</summary>
internal sealed record HostJson(string RoutePrefix, IReadOnlyDictionary<string, LogLevel> LogLevels, JsonElement? DurableTask = null)
{
    public const string FileName = "host.json";
    private const string DefaultRoutePrefix = "api";

    public static HostJson Load(string appDirectory)
    {
        var path = Path.Combine(appDirectory, FileName);
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"{path} is missing. A Functions app needs a host.json beside its assembly.");
        }

        using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var root = document.RootElement;
        var prefix = DefaultRoutePrefix;
        JsonElement? durableTask = null;
        if (root.TryGetProperty("extensions", out var extensions) && extensions.ValueKind == JsonValueKind.Object)
        {
            if (extensions.TryGetProperty("http", out var http)
                && http.TryGetProperty("routePrefix", out var routePrefix)
                && routePrefix.ValueKind == JsonValueKind.String)
            {
                prefix = routePrefix.GetString()!.Trim('/');
            }

            if (extensions.TryGetProperty("durableTask", out var durable))
            {
                durableTask = durable.Clone();
            }
        }

        var levels = new Dictionary<string, LogLevel>(StringComparer.OrdinalIgnoreCase);
        if (root.TryGetProperty("logging", out var logging)
            && logging.TryGetProperty("logLevel", out var logLevel)
            && logLevel.ValueKind == JsonValueKind.Object)
        {
            foreach (var entry in logLevel.EnumerateObject())
            {
                if (entry.Value.ValueKind == JsonValueKind.String && Enum.TryParse<LogLevel>(entry.Value.GetString(), ignoreCase: true, out var level))
                {
                    levels[entry.Name] = level;
                }
                else
                {
                    throw new InvalidOperationException($"host.json logging.logLevel.{entry.Name} must be one of {string.Join(", ", Enum.GetNames<LogLevel>())}.");
                }
            }
        }

        return new HostJson(prefix, levels, durableTask);
    }
}
