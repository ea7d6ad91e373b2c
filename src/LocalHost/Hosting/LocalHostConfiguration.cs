using System.Collections;
using McpOrchestrator.LocalHost.Extensions;

namespace McpOrchestrator.LocalHost.Hosting;

/// <summary>Everything the host decided before it starts: the app, its settings, its host.json, the HTTP port and
/// CORS policy. <see cref="AppSettings"/> are the environment overlaid on local.settings.json <c>Values</c> (the
/// environment wins), which is also what the worker sees.</summary>
public sealed record LocalHostConfiguration(
    ScriptRoot Script,
    LocalSettings Settings,
    HostJson HostJson,
    int Port,
    IReadOnlyDictionary<string, string> AppSettings,
    IReadOnlyList<string> CorsOrigins,
    bool CorsCredentials)
{
    public const int DefaultPort = 7071;

    public static LocalHostConfiguration Create(ScriptRoot script, int? portArgument)
    {
        var settings = LocalSettings.Load(script.SettingsDirectory);
        if (settings.Source is null && script.SettingsDirectory != script.AppDirectory)
        {
            settings = LocalSettings.Load(script.AppDirectory);
        }

        var appSettings = new Dictionary<string, string>(settings.Values, StringComparer.Ordinal);
        foreach (DictionaryEntry variable in Environment.GetEnvironmentVariables())
        {
            appSettings[(string)variable.Key] = (string?)variable.Value ?? string.Empty;
        }

        // Host__CORS / Host__CORSCredentials in the environment win over the file, like every other setting.
        var origins = appSettings.TryGetValue("Host__CORS", out var corsVariable) ? LocalSettings.ParseOrigins(corsVariable) : settings.CorsOrigins;
        var credentials = appSettings.TryGetValue("Host__CORSCredentials", out var credentialsVariable)
            ? bool.TryParse(credentialsVariable, out var c) && c
            : settings.CorsCredentials;
        if (credentials && origins.Contains("*"))
        {
            throw new HostStartupException(
                "Host.CORS is '*' while Host.CORSCredentials is true: browsers refuse credentials with a wildcard origin; list the allowed origins in Host.CORS instead.");
        }

        return new LocalHostConfiguration(
            script,
            settings,
            HostJson.Load(script.AppDirectory, appSettings),
            portArgument ?? settings.LocalHttpPort ?? DefaultPort,
            appSettings,
            origins,
            credentials);
    }

    public HostContext ToHostContext() => new(Script.AppDirectory, HostJson.Document, AppSettings);

    /// <summary>Resolves <c>%Name%</c> references to app settings, as binding properties such as a timer's schedule
    /// allow.</summary>
    public string ResolveSetting(string value)
    {
        if (value.Length > 2 && value[0] == '%' && value[^1] == '%')
        {
            var name = value[1..^1];
            return AppSettings.TryGetValue(name, out var resolved)
                ? resolved
                : throw new HostStartupException($"The app setting '{name}' (referenced as '{value}') is not set: add it to local.settings.json Values or the environment.");
        }

        return value;
    }
}
