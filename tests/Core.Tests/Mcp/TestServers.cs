using McpOrchestrator.Core.Configs;
using McpOrchestrator.TestSupport;

namespace McpOrchestrator.Core.Tests.Mcp;

/// <summary>Server entries for the real MCP servers the tests run: server-everything from the pinned npm package and
/// the FaultyMcpServer test project. Every stdio entry carries a unique marker variable, so a test can find the
/// processes it caused (<see cref="ChildProcesses"/>).</summary>
internal static class TestServers
{
    public const string MarkerVariable = "MCPO_TEST_MARKER";

    /// <summary>The commands of these entries (and two that do not exist, for spawn failures), as the setting <c>McpOrchestrator__Mcp__AllowedCommands</c> approves them.</summary>
    public const string AllowedCommands = "node,dotnet,sh,no-such-mcp-server-binary,/nonexistent/mcp-server";

    private static readonly Lazy<string> FaultyDll = new(FaultyMcpServerBuild.LocateOrBuild);

    /// <summary><c>node_modules/@modelcontextprotocol/server-everything/dist/index.js</c> (the package's bin).</summary>
    public static string EverythingScript => RepositoryPaths.EverythingScript;

    /// <summary>The built FaultyMcpServer (built on first use when the test build did not build it).</summary>
    public static string FaultyServerDll => FaultyDll.Value;

    public static string NewMarker() => Guid.NewGuid().ToString("N");

    /// <summary><c>node …/server-everything/dist/index.js stdio</c>.</summary>
    public static ServerConfig EverythingStdio(string marker, string name = "everything") => new()
    {
        Name = name,
        Transport = Transport.Stdio,
        Command = "node",
        Args = [EverythingScript, "stdio"],
        Env = new Dictionary<string, string> { [MarkerVariable] = marker },
    };

    /// <summary><c>dotnet McpOrchestrator.FaultyMcpServer.dll stdio [switches]</c>.</summary>
    public static ServerConfig FaultyStdio(string marker, IEnumerable<string>? switches = null, IReadOnlyDictionary<string, string>? env = null, string name = "faulty")
    {
        var environment = new Dictionary<string, string>(env ?? new Dictionary<string, string>()) { [MarkerVariable] = marker };
        return new ServerConfig
        {
            Name = name,
            Transport = Transport.Stdio,
            Command = "dotnet",
            Args = [FaultyServerDll, "stdio", .. switches ?? []],
            Env = environment,
        };
    }

    /// <summary>The FaultyMcpServer behind <c>sh -c</c> that first double-forks a daemon (<c>sleep 300</c>,
    /// re-parented to init, stdio closed) the way a daemonizing server does; it carries the marker too.</summary>
    public static ServerConfig DaemonizingFaultyStdio(string marker, string name = "daemonizing") => new()
    {
        Name = name,
        Transport = Transport.Stdio,
        Command = "sh",
        Args = ["-c", "( sleep 300 </dev/null >/dev/null 2>&1 & ); exec dotnet \"$0\" stdio", FaultyServerDll],
        Env = new Dictionary<string, string> { [MarkerVariable] = marker },
    };

    public static ServerConfig Remote(Uri url, Transport transport, string name = "remote", IReadOnlyDictionary<string, string>? headers = null) => new()
    {
        Name = name,
        Transport = transport,
        Url = url.ToString(),
        Headers = headers ?? new Dictionary<string, string>(),
    };
}
