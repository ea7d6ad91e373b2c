using McpOrchestrator.Core.Configs;
using McpOrchestrator.TestSupport;

namespace McpOrchestrator.Functions.Tests.Live;

/// <summary>Server entries for the MCP servers the end-to-end tests deploy: server-everything from the pinned npm
/// package and the FaultyMcpServer test project (built on first use when the test build did not build it). Every
/// stdio entry carries a marker variable in its env, so a test finds the processes the service started for it in
/// <c>/proc</c>.</summary>
internal static class McpServers
{
    public const string MarkerVariable = "MCPO_TEST_MARKER";

    private static readonly Lazy<string> FaultyDll = new(FaultyMcpServerBuild.LocateOrBuild);

    public static string EverythingScript
    {
        get
        {
            NpmTools.EnsureInstalled();
            return Path.Combine(RepositoryPaths.Root, "node_modules", "@modelcontextprotocol", "server-everything", "dist", "index.js");
        }
    }

    public static string FaultyServerDll => FaultyDll.Value;

    public static string NewMarker() => Guid.NewGuid().ToString("N");

    public static ServerConfig EverythingStdio(string name, string marker, ToolFilter? tools = null) => new()
    {
        Name = name,
        Transport = Transport.Stdio,
        Command = "node",
        Args = [EverythingScript, "stdio"],
        Env = new Dictionary<string, string> { [MarkerVariable] = marker },
        Tools = tools,
    };

    public static ServerConfig FaultyStdio(string name, string marker, ToolFilter? tools = null) => new()
    {
        Name = name,
        Transport = Transport.Stdio,
        Command = "dotnet",
        Args = [FaultyServerDll, "stdio"],
        Env = new Dictionary<string, string> { [MarkerVariable] = marker },
        Tools = tools,
    };

    /// <summary>The FaultyMcpServer behind a shell that refuses to start it (exit 3) while <paramref name="flag"/>
    /// exists: once killed, it stays down until the flag goes.</summary>
    public static ServerConfig FlaggedFaulty(string name, string marker, string flag) => new()
    {
        Name = name,
        Transport = Transport.Stdio,
        Command = "sh",
        Args = ["-c", "if [ -e \"$1\" ]; then echo 'down on purpose' >&2; exit 3; fi; exec dotnet \"$2\" stdio", "sh", flag, FaultyServerDll],
        Env = new Dictionary<string, string> { [MarkerVariable] = marker },
    };

    public static ServerConfig Http(string name, Uri endpoint) => new() { Name = name, Transport = Transport.Http, Url = endpoint.ToString() };

    /// <summary>Live processes whose environment holds <c>{variable}={value}</c> (Linux <c>/proc</c>).</summary>
    public static IReadOnlyList<int> ProcessesWith(string value, string variable = MarkerVariable) =>
        MarkedProcesses.With(variable, value);
}
