using System.Runtime.InteropServices;

namespace McpOrchestrator.Cli.Settings;

/// <summary>The user's home directory and the OS this runs on, read from the environment (<c>HOME</c>,
/// <c>USERPROFILE</c> on Windows) so tests and sandboxes can point them elsewhere.</summary>
public static class UserHome
{
    public static OSPlatform CurrentOS =>
        OperatingSystem.IsWindows() ? OSPlatform.Windows : OperatingSystem.IsMacOS() ? OSPlatform.OSX : OSPlatform.Linux;

    public static string Resolve(OSPlatform os, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var home = os == OSPlatform.Windows
            ? ConfigDirectory.NonEmpty(environment("USERPROFILE")) ?? ConfigDirectory.NonEmpty(environment("HOME"))
            : ConfigDirectory.NonEmpty(environment("HOME"));
        return home ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
    }
}
