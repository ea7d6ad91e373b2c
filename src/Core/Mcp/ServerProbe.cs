using McpOrchestrator.Core.Configs;
using McpOrchestrator.Core.Validation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace McpOrchestrator.Core.Mcp;

/// <summary>
/// Live probes for validation (as its <see cref="IServerProbe"/>) and publishing: connect, initialize and list tools, under a hard timeout, then close.
/// A server's failure is data (<see cref="ProbeResult.Error"/>), never an exception; only the caller's own
/// cancellation throws. A hung server costs its timeout plus <see cref="McpOptions.ProbeShutdownTimeout"/> (the grace
/// before its process is killed); when a probe returns, its stdio process is gone. A server <see cref="LaunchPolicy"/>
/// does not let the service reach (an inline stdio entry, a link-local or metadata URL …) is not probed: its result is
/// <see cref="ProbeResult.Skipped"/>, with the reason in <see cref="ProbeResult.Error"/>. Every probe takes a slot of
/// the instance's <see cref="ProbeLimiter"/> first (the timeout starts once it has one): a caller's probe is refused with
/// 429 <c>too_many_probes</c> when the limiter's queue is full; a background probe waits.
/// </summary>
public sealed class ServerProbe(McpConnector connector, LaunchPolicy policy, ProbeLimiter limiter, IOptions<McpOptions> options, TimeProvider timeProvider, ILogger<ServerProbe> logger)
    : IServerProbe
{
    /// <summary>Probes one server within <see cref="McpOptions.ProbeTimeout"/>.</summary>
    public Task<ProbeResult> ProbeAsync(ServerConfig server, CancellationToken cancellationToken = default) =>
        ProbeAsync(server, options.Value.ProbeTimeout, cancellationToken);

    /// <summary>Probes one server within <paramref name="timeout"/> (connect, initialize and list tools together).</summary>
    /// <exception cref="Problems.ProblemException">429 <c>too_many_probes</c>.</exception>
    public Task<ProbeResult> ProbeAsync(ServerConfig server, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        ProbeAsync(server, timeout, background: false, cancellationToken);

    /// <summary>Probes one server within <see cref="McpOptions.ProbeTimeout"/> for background work whose parallelism
    /// is bounded elsewhere (the publish pipeline's activities): waits for a limiter slot however long the queue is.</summary>
    public Task<ProbeResult> ProbeInBackgroundAsync(ServerConfig server, CancellationToken cancellationToken = default) =>
        ProbeAsync(server, options.Value.ProbeTimeout, background: true, cancellationToken);

    private async Task<ProbeResult> ProbeAsync(ServerConfig server, TimeSpan timeout, bool background, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        using var slot = background ? await limiter.EnterWaitingAsync(cancellationToken) : await limiter.EnterAsync(cancellationToken);
        var started = timeProvider.GetTimestamp();
        using var deadline = new CancellationTokenSource(timeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var phase = "while connecting and initializing";
        ProbeResult result;
        try
        {
            if (await policy.CheckAsync(server, linked.Token) is { } refused)
            {
                McpLog.ProbeSkipped(logger, server.Name, refused.Message);
                return new ProbeResult { Server = server.Name, Ok = false, Skipped = true, Error = refused.Message, FailureKind = refused.Kind };
            }

            await using var session = await connector.ConnectAsync(server, timeout, options.Value.ProbeShutdownTimeout, linked.Token);
            phase = "while listing tools";
            var tools = await session.ListToolsAsync(linked.Token);
            result = new ProbeResult
            {
                Server = server.Name,
                Ok = true,
                LatencyMs = Elapsed(started),
                ToolCount = tools.Count,
                ToolNames = [.. tools.Select(t => t.Name)],
                ProtocolVersion = session.ProtocolVersion,
                ServerName = session.ServerInfo?.Name,
                ServerVersion = session.ServerInfo?.Version,
            };
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception exception)
        {
            var failure = exception switch
            {
                OperationCanceledException when deadline.IsCancellationRequested => McpFailures.Timeout(server, timeout, phase),
                McpServerException known => known,
                _ => new McpServerException(server.Name, McpFailureKind.Other, $"probe failed {phase}: {exception.GetType().Name}"),
            };
            result = new ProbeResult
            {
                Server = server.Name,
                Ok = false,
                LatencyMs = Elapsed(started),
                Error = failure.Message,
                FailureKind = failure.Kind,
            };
        }

        McpLog.Probed(logger, server.Name, result.Ok, result.LatencyMs ?? 0, result.Error);
        return result;
    }

    /// <summary>Probes every server, at most <paramref name="maxParallel"/> at once (default
    /// <see cref="McpOptions.ProbeMaxParallel"/>), each within <paramref name="timeout"/> (default
    /// <see cref="McpOptions.ProbeTimeout"/>). Results are in input order, one per server.</summary>
    public async Task<IReadOnlyList<ProbeResult>> ProbeManyAsync(
        IEnumerable<ServerConfig> servers, TimeSpan? timeout = null, int? maxParallel = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(servers);
        var list = servers.ToList();
        var results = new ProbeResult[list.Count];
        var parallel = new ParallelOptions
        {
            MaxDegreeOfParallelism = Math.Max(1, maxParallel ?? options.Value.ProbeMaxParallel),
            CancellationToken = cancellationToken,
        };
        var perServer = timeout ?? options.Value.ProbeTimeout;
        await Parallel.ForEachAsync(
            Enumerable.Range(0, list.Count),
            parallel,
            async (index, token) => results[index] = await ProbeAsync(list[index], perServer, token));
        return results;
    }

    private long Elapsed(long started) => McpFailures.Milliseconds(timeProvider.GetElapsedTime(started));
}
