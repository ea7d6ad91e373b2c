using System.Runtime.InteropServices;

namespace McpOrchestrator.Cli.Settings;

/// <summary>Where <c>mcpo</c> keeps its own files (login, pinned keys, applied artifacts): <c>$XDG_CONFIG_HOME/mcpo</c>
/// (default <c>~/.config/mcpo</c>) on Linux, <c>%APPDATA%\mcpo</c> on Windows, <c>~/Library/Application Support/mcpo</c>
/// on macOS.</summary>
public static class ConfigDirectory
{
    public const string Name = "mcpo";

    /// <summary>The directory for <paramref name="os"/>, reading the environment through
    /// <paramref name="environment"/>.</summary>
    public static string Resolve(OSPlatform os, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (os == OSPlatform.Windows)
        {
            var appData = NonEmpty(environment("APPDATA"))
                ?? Path.Combine(UserHome.Resolve(os, environment), "AppData", "Roaming");
            return Path.Combine(appData, Name);
        }

        if (os == OSPlatform.OSX)
        {
            return Path.Combine(UserHome.Resolve(os, environment), "Library", "Application Support", Name);
        }

        var config = NonEmpty(environment("XDG_CONFIG_HOME")) is { } xdg && Path.IsPathRooted(xdg)
            ? xdg
            : Path.Combine(UserHome.Resolve(os, environment), ".config");
        return Path.Combine(config, Name);
    }

    /// <summary>The directory on this machine.</summary>
    public static string ForThisMachine() => Resolve(UserHome.CurrentOS, Environment.GetEnvironmentVariable);

    internal static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
