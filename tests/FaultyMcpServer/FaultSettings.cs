using System.Globalization;

namespace McpOrchestrator.FaultyMcpServer;

/// <summary>
/// Command-line switches. The first argument is the transport (<c>stdio</c>, the default, or <c>http</c>; over HTTP
/// the server stops when its stdin reaches end of file, so it dies with the process that started it); then:
/// <list type="bullet">
/// <item><c>--port N</c>: HTTP port on 127.0.0.1 (0, the default, lets the OS choose; the chosen port is printed to
/// stdout as <c>listening on http://127.0.0.1:N/mcp</c>).</item>
/// <item><c>--crash-on-start CODE</c>: write a line to stderr and exit with CODE before serving anything.</item>
/// <item><c>--hang-on-start</c>: never answer anything (stdin is read and discarded; its end is ignored).</item>
/// <item><c>--start-delay-ms N</c>: wait N ms before serving.</item>
/// <item><c>--delay-discover-ms N</c>: handle <c>server/discover</c> N ms late (a slow-starting server that
/// answers the SDK's probe after the client gave up on it); with <c>--state-dir</c>, only the first process that
/// uses the directory is slow.</item>
/// <item><c>--exit-during-initialize CODE</c>: exit with CODE, unanswered, when the handshake's first request
/// (<c>server/discover</c> or <c>initialize</c>) arrives: a server that dies while the client initializes; with
/// <c>--state-dir</c>, only the first process that uses the directory does.</item>
/// <item><c>--stderr TEXT</c> (repeatable): write TEXT to stderr at start.</item>
/// <item><c>--print-env NAME</c> (repeatable): write <c>NAME=value</c> to stderr at start (to test redaction).</item>
/// <item><c>--state-dir DIR</c>: append one line per tool call to <c>DIR/calls.log</c>, so attempts survive a
/// crash; also where <c>crash_once</c> keeps its markers.</item>
/// <item><c>--max-lifetime-s N</c>: exit after N seconds whatever happens (default 300), so an orphan never
/// outlives a test run for long.</item>
/// </list>
/// </summary>
internal sealed class FaultSettings
{
    public string Mode { get; private set; } = "stdio";

    public int Port { get; private set; }

    public int? CrashOnStart { get; private set; }

    public bool HangOnStart { get; private set; }

    public int StartDelayMs { get; private set; }

    public int DelayDiscoverMs { get; private set; }

    public int? ExitDuringInitialize { get; private set; }

    public List<string> StderrLines { get; } = [];

    public List<string> PrintEnv { get; } = [];

    public string? StateDir { get; private set; }

    public int MaxLifetimeSeconds { get; private set; } = 300;

    public static FaultSettings Parse(string[] args)
    {
        var settings = new FaultSettings();
        var i = 0;
        if (args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal))
        {
            settings.Mode = args[0];
            i = 1;
        }

        if (settings.Mode is not ("stdio" or "http"))
        {
            throw new ArgumentException($"Unknown transport '{settings.Mode}'; use stdio or http.");
        }

        for (; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            int NextInt() => int.Parse(Next(), CultureInfo.InvariantCulture);
            switch (args[i])
            {
                case "--port": settings.Port = NextInt(); break;
                case "--crash-on-start": settings.CrashOnStart = NextInt(); break;
                case "--hang-on-start": settings.HangOnStart = true; break;
                case "--start-delay-ms": settings.StartDelayMs = NextInt(); break;
                case "--delay-discover-ms": settings.DelayDiscoverMs = NextInt(); break;
                case "--exit-during-initialize": settings.ExitDuringInitialize = NextInt(); break;
                case "--stderr": settings.StderrLines.Add(Next()); break;
                case "--print-env": settings.PrintEnv.Add(Next()); break;
                case "--state-dir": settings.StateDir = Next(); break;
                case "--max-lifetime-s": settings.MaxLifetimeSeconds = NextInt(); break;
                default: throw new ArgumentException($"Unknown switch '{args[i]}'.");
            }
        }

        return settings;
    }
}
