using System.Globalization;
using McpOrchestrator.TestSupport;

namespace McpOrchestrator.Bench;

/// <summary>The command line of a bench run. Every count and the time limit are bounded so that no run is open-ended.</summary>
public sealed record BenchOptions
{
    public const string Usage = """
        Usage: dotnet run -c Release --project bench/McpOrchestrator.Bench -- [health|auth|startup|registry|publish|live|mcp|validation|all] [options]
          --requests N      calls per path in each health, auth, live and mcp phase (1 client, N clients); default 5000
          --clients N       concurrent clients in the concurrent health and auth phases; default 8
          --rounds N        interleaved rounds per health, auth, live and mcp phase (at most N); default 50
          --mcp-clients N   concurrent MCP clients per path in the mcp measurement's second phase; default 16
          --startup-runs N  measured starts of each host; default 10
          --warm-up S       seconds each path of the health and mcp measurements is warmed up at least, per client count; default 10
          --registry-requests N calls per path in the registry (at each size) and deployed-config phases; default 1000
          --pipelines N     measured publish pipelines (each in a round with one validation and one raw read); default 20
          --burst N         publishes started at once in the publish measurement's burst phase; default 50
          --live-batch-calls N calls per run through the batch API in the live measurement (and as many direct calls); default 1000
          --live-batch-runs N measured runs of each in the live measurement; default 5
          --time-limit S    seconds each measurement may take before the run fails; default 300
          --app-env NAME=VALUE  an environment variable for every Functions app (local host and worker) the bench starts, e.g. a runtime knob to compare; repeatable
          --output PATH     where the markdown is written; default bench/results/latest.md
        """;

    public BenchMode Mode { get; init; } = BenchMode.All;

    public int Requests { get; init; } = 5000;

    public int Clients { get; init; } = 8;

    public int McpClients { get; init; } = 16;

    public int Rounds { get; init; } = 50;

    public int StartupRuns { get; init; } = 10;

    /// <summary>The least warm-up per path and client count in the health and mcp measurements.</summary>
    public TimeSpan WarmUp { get; init; } = TimeSpan.FromSeconds(10);

    public int RegistryRequests { get; init; } = 1000;

    public int Pipelines { get; init; } = 20;

    public int Burst { get; init; } = 50;

    public int LiveBatchCalls { get; init; } = 1000;

    public int LiveBatchRuns { get; init; } = 5;

    public TimeSpan TimeLimit { get; init; } = TimeSpan.FromSeconds(300);

    public string OutputPath { get; init; } = Path.Combine(RepositoryPaths.Root, "bench", "results", "latest.md");

    /// <summary>Extra environment variables for the Functions apps the bench starts (<c>--app-env</c>), reported in
    /// the results.</summary>
    public IReadOnlyDictionary<string, string> AppEnvironment { get; init; } = new Dictionary<string, string>();

    /// <exception cref="ArgumentException">An unknown argument or a value out of range; the message names it.</exception>
    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var argument = args[i];
            options = argument switch
            {
                "all" => options with { Mode = BenchMode.All },
                "health" => options with { Mode = BenchMode.Health },
                "auth" => options with { Mode = BenchMode.Auth },
                "startup" => options with { Mode = BenchMode.Startup },
                "registry" => options with { Mode = BenchMode.Registry },
                "publish" => options with { Mode = BenchMode.Publish },
                "live" => options with { Mode = BenchMode.Live },
                "mcp" => options with { Mode = BenchMode.Mcp },
                "validation" => options with { Mode = BenchMode.Validation },
                "--live-batch-calls" => options with { LiveBatchCalls = ReadInt(args, ref i, 100, 100_000) },
                "--live-batch-runs" => options with { LiveBatchRuns = ReadInt(args, ref i, 1, 100) },
                "--registry-requests" => options with { RegistryRequests = ReadInt(args, ref i, 10, 100_000) },
                "--pipelines" => options with { Pipelines = ReadInt(args, ref i, 1, 500) },
                "--burst" => options with { Burst = ReadInt(args, ref i, 1, 500) },
                "--requests" => options with { Requests = ReadInt(args, ref i, 10, 1_000_000) },
                "--clients" => options with { Clients = ReadInt(args, ref i, 1, 256) },
                "--mcp-clients" => options with { McpClients = ReadInt(args, ref i, 1, 64) },
                "--rounds" => options with { Rounds = ReadInt(args, ref i, 1, 1000) },
                "--startup-runs" => options with { StartupRuns = ReadInt(args, ref i, 1, 100) },
                "--warm-up" => options with { WarmUp = TimeSpan.FromSeconds(ReadInt(args, ref i, 0, 120)) },
                "--time-limit" => options with { TimeLimit = TimeSpan.FromSeconds(ReadInt(args, ref i, 1, 3600)) },
                "--output" => options with { OutputPath = Path.GetFullPath(ReadValue(args, ref i)) },
                "--app-env" => options with { AppEnvironment = WithVariable(options.AppEnvironment, ReadValue(args, ref i)) },
                _ => throw new ArgumentException($"Unknown argument '{argument}'."),
            };
        }

        return options;
    }

    private static Dictionary<string, string> WithVariable(IReadOnlyDictionary<string, string> variables, string assignment)
    {
        var (name, value) = assignment.IndexOf('=', StringComparison.Ordinal) is > 0 and var at ? (assignment[..at], assignment[(at + 1)..]) : (null, null);
        if (name is null || value is null)
        {
            throw new ArgumentException($"--app-env needs NAME=VALUE, got '{assignment}'.");
        }

        return new Dictionary<string, string>(variables) { [name] = value };
    }

    private static string ReadValue(IReadOnlyList<string> args, ref int i)
    {
        if (i + 1 >= args.Count)
        {
            throw new ArgumentException($"{args[i]} needs a value.");
        }

        i++;
        return args[i];
    }

    private static int ReadInt(IReadOnlyList<string> args, ref int i, int min, int max)
    {
        var name = args[i];
        var text = ReadValue(args, ref i);
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new ArgumentException($"{name} needs a whole number from {min} to {max}, got '{text}'.");
    }
}
