using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace McpOrchestrator.LocalRuntime.Hosting;

/// <summary><c>local.settings.json</c>, as Core Tools reads it: <c>Values</c> become app settings and <c>Host</c> configures
/// the local host. Both sit below every other configuration source, so an environment variable (for example
/// <c>Host__CORS</c> or <c>McpOrchestrator__ApiKey</c>) always wins. Without a local.settings.json the committed
/// local.settings.sample.json supplies the defaults.</summary>
internal sealed class LocalSettings
{
    public const string FileName = "local.settings.json";
    public const string SampleFileName = "local.settings.sample.json";

    private LocalSettings(string? source, IReadOnlyDictionary<string, string?> values)
    {
        Source = source;
        Values = values;
    }

    /// <summary>The file the settings came from; null when there was none.</summary>
    public string? Source { get; }

    /// <summary>Configuration keys (<c>:</c>-separated) and values, including <c>Host:*</c>.</summary>
    public IReadOnlyDictionary<string, string?> Values { get; }

    public static LocalSettings Load(string appDirectory)
    {
        foreach (var name in new[] { FileName, SampleFileName })
        {
            var path = Path.Combine(appDirectory, name);
            if (File.Exists(path))
            {
                return Parse(File.ReadAllText(path), path);
            }
        }

        return new LocalSettings(null, new Dictionary<string, string?>());
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
            throw new InvalidOperationException($"{source} is not valid JSON (line {e.LineNumber + 1}): fix or delete the file.", e);
        }

        using (document)
        {
            var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            if (document.RootElement.TryGetProperty(nameof(Values), out var settings) && settings.ValueKind == JsonValueKind.Object)
            {
                foreach (var setting in settings.EnumerateObject())
                {
                    values[ToConfigurationKey(setting.Name)] = AsString(setting.Value);
                }
            }

            if (document.RootElement.TryGetProperty("Host", out var host) && host.ValueKind == JsonValueKind.Object)
            {
                foreach (var setting in host.EnumerateObject())
                {
                    values["Host:" + setting.Name] = AsString(setting.Value);
                }
            }

            return new LocalSettings(source, values);
        }
    }

    /// <summary>Adds the settings as the lowest-precedence configuration source.</summary>
    public void AddTo(IConfigurationManager configuration) =>
        configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource { InitialData = Values });

    /// <summary>App settings use <c>__</c> for sections, like environment variables.</summary>
    private static string ToConfigurationKey(string name) => name.Replace("__", ":", StringComparison.Ordinal);

    private static string? AsString(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Null => null,
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Number => value.GetRawText(),
        _ => value.GetRawText(),
    };

    internal static int? ReadPort(IConfiguration configuration)
    {
        var value = configuration["Host:LocalHttpPort"];
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= 65535
            ? port
            : throw new InvalidOperationException($"Host.LocalHttpPort in {FileName} must be a port number, got '{value}'.");
    }
}
