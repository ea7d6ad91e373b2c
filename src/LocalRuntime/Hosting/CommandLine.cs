using System.Globalization;

namespace McpOrchestrator.LocalRuntime.Hosting;

/// <summary>The runtime's own command-line options, named like <c>func start</c>'s: <c>--port N</c>.</summary>
internal static class CommandLine
{
    private const string PortOption = "--port";

    public static int? ReadPort(string[] args)
    {
        for (var i = 0; i < args.Length; i++)
        {
            string? value = null;
            if (args[i] == PortOption)
            {
                value = i + 1 < args.Length ? args[i + 1] : null;
            }
            else if (args[i].StartsWith(PortOption + "=", StringComparison.Ordinal))
            {
                value = args[i][(PortOption.Length + 1)..];
            }
            else
            {
                continue;
            }

            if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is >= 0 and <= 65535)
            {
                return port;
            }

            throw new ArgumentException($"--port needs a port number between 0 and 65535, got '{value}'. Example: --port 7072.");
        }

        return null;
    }

    public static string[] WithoutRuntimeOptions(string[] args)
    {
        var rest = new List<string>(args.Length);
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == PortOption)
            {
                i++;
                continue;
            }

            if (!args[i].StartsWith(PortOption + "=", StringComparison.Ordinal))
            {
                rest.Add(args[i]);
            }
        }

        return [.. rest];
    }
}
