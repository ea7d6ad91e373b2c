using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using McpOrchestrator.Cli.Settings;
using McpOrchestrator.Core.Clients;

namespace McpOrchestrator.Cli.Clients;

/// <summary>Turns a client's catalog path for this OS into a file path: <c>~</c> is the home directory,
/// <c>%NAME%</c> an environment variable, and on Linux <c>~/.config/</c> follows <c>$XDG_CONFIG_HOME</c> when it is
/// set, as the clients themselves do.</summary>
public static partial class ClientFilePaths
{
    /// <summary>The path of <paramref name="client"/>'s config file on <paramref name="os"/>, or null when the client
    /// has no file there.</summary>
    public static string? Resolve(ClientDefinition client, OSPlatform os, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(environment);
        var template = os == OSPlatform.Windows ? client.Paths.Windows : os == OSPlatform.OSX ? client.Paths.MacOS : client.Paths.Linux;
        if (template is null)
        {
            return null;
        }

        var home = UserHome.Resolve(os, environment);
        var path = template;
        if (os == OSPlatform.Linux && path.StartsWith("~/.config/", StringComparison.Ordinal)
            && ConfigDirectory.NonEmpty(environment("XDG_CONFIG_HOME")) is { } xdg && Path.IsPathRooted(xdg))
        {
            path = Path.Combine(xdg, path["~/.config/".Length..]);
        }
        else if (path == "~" || path.StartsWith("~/", StringComparison.Ordinal) || path.StartsWith(@"~\", StringComparison.Ordinal))
        {
            path = Path.Combine(home, path.Length > 2 ? path[2..] : string.Empty);
        }

        path = Variable().Replace(path, match =>
        {
            var name = match.Groups[1].Value;
            var value = ConfigDirectory.NonEmpty(environment(name));
            return value ?? (name.Equals("USERPROFILE", StringComparison.OrdinalIgnoreCase) ? home : match.Value);
        });
        return os == OSPlatform.Windows ? path.Replace('/', '\\') : path;
    }

    /// <summary>The path on this machine.</summary>
    public static string? ForThisMachine(ClientDefinition client) => Resolve(client, UserHome.CurrentOS, Environment.GetEnvironmentVariable);

    [GeneratedRegex("%([A-Za-z_][A-Za-z0-9_]*)%", RegexOptions.CultureInvariant)]
    private static partial Regex Variable();
}
