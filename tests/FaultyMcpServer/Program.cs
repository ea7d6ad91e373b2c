using System.Diagnostics;
using McpOrchestrator.FaultyMcpServer;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

return await Program.RunAsync(args);

/// <summary>Entry point: see <see cref="FaultSettings"/> for the switches and <see cref="FaultTools"/> for the
/// tools.</summary>
internal static partial class Program
{
    public static async Task<int> RunAsync(string[] args)
    {
        var settings = FaultSettings.Parse(args);
        StartWatchdog(settings.MaxLifetimeSeconds);
        foreach (var line in settings.StderrLines)
        {
            Console.Error.WriteLine(line);
        }

        foreach (var name in settings.PrintEnv)
        {
            Console.Error.WriteLine($"{name}={Environment.GetEnvironmentVariable(name)}");
        }

        if (settings.CrashOnStart is { } exitCode)
        {
            Console.Error.WriteLine($"faulty: crashing on start with exit code {exitCode}");
            return exitCode;
        }

        if (settings.StartDelayMs > 0)
        {
            await Task.Delay(settings.StartDelayMs);
        }

        if (settings.Mode == "http")
        {
            return await HttpMode.RunAsync(settings);
        }

        if (settings.HangOnStart)
        {
            await HangAsync();
        }

        return await RunStdioAsync(settings);
    }

    /// <summary>Ends the process now, as a crash would: with <paramref name="exitCode"/> over stdio; by killing itself
    /// over HTTP (a web host would wait for the in-flight request on a normal exit).</summary>
    public static void Crash(FaultSettings settings, int exitCode)
    {
        Console.Error.WriteLine($"faulty: crashing on request with exit code {exitCode}");
        Console.Error.Flush();
        if (settings.Mode == "http")
        {
            using var self = Process.GetCurrentProcess();
            self.Kill();
        }

        Environment.Exit(exitCode);
    }

    public static void AddFaultyServer(IServiceCollection services, FaultSettings settings)
    {
        var delayDiscover = settings.DelayDiscoverMs > 0 && FirstTime(settings, "discover-delayed");
        var exitDuringInitialize = settings.ExitDuringInitialize is not null && FirstTime(settings, "exited-during-initialize");
        var discoverSeen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var discoverHandled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        services.AddSingleton(settings);
        services.AddSingleton<FaultState>();
        services.AddMcpServer(options => options.ServerInfo = new Implementation { Name = "faulty", Version = "1.0.0" })
            .WithTools<FaultTools>()
            .WithMessageFilters(filters => filters.AddIncomingFilter(next => async (context, cancellationToken) =>
            {
                if (exitDuringInitialize && context.JsonRpcMessage is JsonRpcRequest { Method: RequestMethods.ServerDiscover or RequestMethods.Initialize })
                {
                    Crash(settings, settings.ExitDuringInitialize!.Value);
                }

                if (!delayDiscover || context.JsonRpcMessage is not JsonRpcRequest request)
                {
                    await next(context, cancellationToken);
                    return;
                }

                // A slow start: discover is answered late, and what came after it waits its turn (as it would behind
                // a server that is still starting), so an initialize sent meanwhile meets a 2026-07-28 session. A
                // discover the client cancelled (notifications/cancelled for its timed-out probe) is not answered.
                if (request.Method == RequestMethods.ServerDiscover)
                {
                    discoverSeen.TrySetResult();
                    try
                    {
                        await Task.Delay(settings.DelayDiscoverMs, cancellationToken);
                        await next(context, cancellationToken);
                    }
                    finally
                    {
                        discoverHandled.TrySetResult();
                    }

                    return;
                }

                if (discoverSeen.Task.IsCompleted)
                {
                    await discoverHandled.Task.WaitAsync(cancellationToken);
                }

                await next(context, cancellationToken);
            }));
    }

    /// <summary>True the first time a process asks with this key and state directory (always true without one).</summary>
    private static bool FirstTime(FaultSettings settings, string key)
    {
        if (settings.StateDir is not { } directory)
        {
            return true;
        }

        try
        {
            using var marker = new FileStream(Path.Combine(directory, key), FileMode.CreateNew);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static async Task<int> RunStdioAsync(FaultSettings settings)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging => logging
            .AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace)
            .SetMinimumLevel(LogLevel.Warning)
            .AddFilter("ModelContextProtocol", LogLevel.Critical));
        AddFaultyServer(services, settings);
        await using var provider = services.BuildServiceProvider();
        var loggerFactory = provider.GetRequiredService<ILoggerFactory>();
        var options = provider.GetRequiredService<IOptions<McpServerOptions>>().Value;
        await using var transport = new StdioServerTransport("faulty", loggerFactory);
        await using var server = McpServer.Create(transport, options, loggerFactory, provider);
        await server.RunAsync();
        return 0;
    }

    /// <summary>Reads and discards stdin for ever, ignoring its end: a server that never answers and must be
    /// killed.</summary>
    private static async Task HangAsync()
    {
        Console.Error.WriteLine("faulty: hanging");
        var stdin = Console.OpenStandardInput();
        var buffer = new byte[4096];
        while (await stdin.ReadAsync(buffer) > 0)
        {
        }

        await Task.Delay(Timeout.Infinite);
    }

    private static void StartWatchdog(int seconds) =>
        _ = Task.Delay(TimeSpan.FromSeconds(seconds)).ContinueWith(_ => Environment.Exit(124), TaskScheduler.Default);
}
