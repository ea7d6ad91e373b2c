using System.Globalization;

namespace McpOrchestrator.LocalHost.Hosting;

/// <summary>The host's command line, shaped like <c>func start</c>:
/// <c>[--script-root &lt;dir&gt;] [--port N] [--no-build]</c>.</summary>
public sealed record HostCommandLine(string ScriptRoot, int? Port, bool NoBuild)
{
    public const string Usage = "usage: McpOrchestrator.LocalHost [--script-root <app output or project folder>] [--port <n>] [--no-build]";

    public static HostCommandLine Parse(IReadOnlyList<string> arguments)
    {
        string? root = null;
        int? port = null;
        var noBuild = false;
        for (var i = 0; i < arguments.Count; i++)
        {
            switch (arguments[i])
            {
                case "--script-root":
                    root = Value(arguments, ref i);
                    break;
                case "--port" or "-p":
                    var text = Value(arguments, ref i);
                    if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) || parsed is < 1 or > 65535)
                    {
                        throw new HostStartupException($"--port must be a TCP port number (1-65535), got '{text}'. {Usage}");
                    }

                    port = parsed;
                    break;
                case "--no-build":
                    noBuild = true;
                    break;
                default:
                    throw new HostStartupException($"Unknown argument '{arguments[i]}'. {Usage}");
            }
        }

        return new HostCommandLine(Path.GetFullPath(root ?? Directory.GetCurrentDirectory()), port, noBuild);
    }

    private static string Value(IReadOnlyList<string> arguments, ref int i)
    {
        if (i + 1 >= arguments.Count)
        {
            throw new HostStartupException($"{arguments[i]} needs a value. {Usage}");
        }

        return arguments[++i];
    }
}
