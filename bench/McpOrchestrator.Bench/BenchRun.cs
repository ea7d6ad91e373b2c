namespace McpOrchestrator.Bench;

/// <summary>One bench run: one Azurite for everything, the chosen measurements one after the other, each within
/// the time limit, and the report. Every child process is stopped before this returns or throws.</summary>
public static class BenchRun
{
    public static async Task<string> RunAsync(BenchOptions options, CancellationToken cancellationToken)
    {
        var startedAt = DateTimeOffset.UtcNow;
        var loadBefore = MachineLoad.ReadOneMinute();

        // In process, before anything else runs on the machine; needs no storage.
        ValidationResult? validation = null;
        if (options.Mode is BenchMode.All or BenchMode.Validation)
        {
            await Console.Error.WriteLineAsync("[bench] tool argument validation");
            validation = await WithinLimitAsync("validation", options, ValidationBenchmark.RunAsync, cancellationToken);
        }

        if (options.Mode is BenchMode.Validation)
        {
            return MarkdownReport.Render(
                options, startedAt, DateTimeOffset.UtcNow - startedAt, new MachineLoad(loadBefore, MachineLoad.ReadOneMinute()), null, null, null, validation: validation);
        }

        await Console.Error.WriteLineAsync("[bench] starting Azurite");
        await using var storage = await BenchStorage.StartAsync(options.AppEnvironment, cancellationToken);

        HealthResult? health = null;
        if (options.Mode is BenchMode.All or BenchMode.Health)
        {
            health = await WithinLimitAsync("health", options, token => HealthBenchmark.RunAsync(storage, options, token), cancellationToken);
        }

        AuthResult? auth = null;
        if (options.Mode is BenchMode.All or BenchMode.Auth)
        {
            auth = await WithinLimitAsync("auth", options, token => AuthBenchmark.RunAsync(storage, options, token), cancellationToken);
        }

        StartupResult? startup = null;
        if (options.Mode is BenchMode.All or BenchMode.Startup)
        {
            startup = await WithinLimitAsync("startup", options, token => StartupBenchmark.RunAsync(storage, options, token), cancellationToken);
        }

        // Publish before registry: the registry measurement leaves 10,000 custom entries in the run's storage.
        PublishResult? publish = null;
        if (options.Mode is BenchMode.All or BenchMode.Publish)
        {
            publish = await WithinLimitAsync("publish", options, token => PublishBenchmark.RunAsync(storage, options, token), cancellationToken);
        }

        RegistryResult? registry = null;
        if (options.Mode is BenchMode.All or BenchMode.Registry)
        {
            registry = await WithinLimitAsync("registry", options, token => RegistryBenchmark.RunAsync(storage, options, token), cancellationToken);
        }

        // Last: it deploys a live server to orchestrator/default, which every Functions app started after it would
        // connect to as well.
        LiveResult? live = null;
        if (options.Mode is BenchMode.All or BenchMode.Live)
        {
            live = await WithinLimitAsync("live", options, token => LiveBenchmark.RunAsync(storage, options, token), cancellationToken);
        }

        // After live, for the same reason; it deploys the same server again (a new version of the same artifact).
        McpResult? mcp = null;
        if (options.Mode is BenchMode.All or BenchMode.Mcp)
        {
            mcp = await WithinLimitAsync("mcp", options, token => McpBenchmark.RunAsync(storage, options, token), cancellationToken);
        }

        var load = new MachineLoad(loadBefore, MachineLoad.ReadOneMinute());
        return MarkdownReport.Render(options, startedAt, DateTimeOffset.UtcNow - startedAt, load, health, auth, startup, registry, publish, live, validation, mcp);
    }

    private static async Task<T> WithinLimitAsync<T>(
        string measurement, BenchOptions options, Func<CancellationToken, Task<T>> run, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(options.TimeLimit);
        try
        {
            return await run(limit.Token);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new BenchFailedException(
                $"The {measurement} measurement did not finish within {options.TimeLimit.TotalSeconds:0} s; pass a smaller --requests or --startup-runs, or a larger --time-limit.", e);
        }
        catch (Exception e) when (e is not OperationCanceledException and not BenchFailedException)
        {
            throw new BenchFailedException($"The {measurement} measurement failed: {e.Message}", e);
        }
    }
}
