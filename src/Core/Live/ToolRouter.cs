using System.Text;
using System.Text.Json;
using McpOrchestrator.Core.Mcp;
using McpOrchestrator.Core.Problems;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelContextProtocol;

namespace McpOrchestrator.Core.Live;

/// <summary>
/// Routes tool calls to the live servers: lists their tools (after each entry's include/exclude filter, named by
/// <see cref="LiveToolNames"/>), calls one tool through its server's <see cref="LiveConnection"/> (so through its
/// resilience pipeline), and runs batches of calls in parallel. Everything a caller can get wrong is refused before
/// anything is sent (unknown server or tool, arguments that are not an object or fail the tool's input schema, a
/// timeout out of bounds); a failure of the server is refused after. Refusals are <see cref="ProblemException"/>s
/// with the codes of <see cref="LiveProblems"/>; a tool's own error result is an answer (<c>isError: true</c>).
/// When the caller cancels, in-flight calls are cancelled on the servers too.
/// </summary>
public sealed class ToolRouter(
    LiveSet live, ToolArgumentsValidator validator, BatchLimiter batches, IOptions<LiveOptions> options, IOptions<McpOptions> mcpOptions, TimeProvider clock, ILogger<ToolRouter> logger)
{
    private const int InvalidParams = -32602;

    private static readonly JsonElement NoArguments = JsonDocument.Parse("{}").RootElement.Clone();

    /// <summary>Retry-After of a server that is not connected: about when a reconnect attempt has run.</summary>
    private static readonly TimeSpan NotConnectedRetry = TimeSpan.FromSeconds(Problems.Problems.RetryAfterSeconds);

    private readonly LiveOptions _options = options.Value;
    private readonly McpOptions _mcp = mcpOptions.Value;
    private volatile ToolIndex? _index;

    /// <summary>Every tool of every live server, as last listed by the server, after the entry's filter; ordered by
    /// listed name.</summary>
    public IReadOnlyList<LiveTool> ListTools()
    {
        var index = CurrentIndex();
        var available = index.Connections.ToDictionary(c => c, c => c.Available);
        return [.. index.Entries.Select(entry => entry.ToLiveTool(available[entry.Connection]))];
    }

    /// <summary>The live tool listed as <paramref name="name"/> (a name of <see cref="ListTools"/>), or null: one
    /// lookup, without listing every tool.</summary>
    public LiveTool? FindTool(string? name) =>
        name is not null && CurrentIndex().ByName.TryGetValue(name, out var entry) ? entry.ToLiveTool(entry.Connection.Available) : null;

    /// <summary>The listed names of the live tools, rebuilt only when the live set or a server's tool list changed
    /// (compared by reference: <see cref="LiveConnection.Tools"/> keeps its instance until it changes).</summary>
    private ToolIndex CurrentIndex()
    {
        var connections = live.Connections;
        var lists = connections.Select(c => c.Tools).ToArray();
        var index = _index;
        if (index is not null && index.Matches(connections, lists))
        {
            return index;
        }

        index = ToolIndex.Build(connections, lists);
        _index = index;
        return index;
    }

    /// <summary>Calls one tool (see the type's summary). Throws <see cref="ProblemException"/> when the call is
    /// refused or fails, <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> fires.</summary>
    public async Task<LiveCallResult> CallAsync(ToolCall call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (string.IsNullOrEmpty(call.Server) || string.IsNullOrEmpty(call.Tool))
        {
            throw new ProblemException(LiveProblems.InvalidCall("Each call needs a server (the live connection's name) and a tool; GET /v1/tools lists both."));
        }

        var server = call.Server;
        var toolName = call.Tool;
        var connection = live.Find(server)
            ?? throw new ProblemException(LiveProblems.ConnectionNotFound(server, live.Profile, live.Connections.Select(c => c.Name)));
        var tool = connection.Tools.FirstOrDefault(t => t.Name == toolName);
        if (tool is null)
        {
            var status = connection.GetStatus();
            if (status.ConnectedAt is null)
            {
                // Never listed its tools yet: whether the tool exists is not known.
                throw new ProblemException(LiveProblems.ServerUnavailable(
                    server, status.LastError ?? "it has not connected yet", NotConnectedRetry, McpFailureKind.Unavailable));
            }

            var filter = connection.Server.Tools;
            var excluded = filter is { IsEmpty: false } && ((filter.Include.Count > 0 && !filter.Include.Contains(toolName)) || filter.Exclude.Contains(toolName));
            throw new ProblemException(LiveProblems.ToolNotFound(server, toolName, excluded));
        }

        var arguments = call.Arguments is { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) } given
            ? given
            : NoArguments;
        if (arguments.ValueKind != JsonValueKind.Object)
        {
            throw new ProblemException(LiveProblems.ArgumentsNotObject(server, toolName));
        }

        TimeSpan? timeout = null;
        if (call.TimeoutMs is { } timeoutMs)
        {
            if (timeoutMs < 1 || timeoutMs > _mcp.MaxCallTimeout.TotalMilliseconds)
            {
                throw new ProblemException(LiveProblems.InvalidTimeout(timeoutMs, _mcp.MaxCallTimeout));
            }

            timeout = TimeSpan.FromMilliseconds(timeoutMs);
        }

        var violations = validator.Validate(server, tool, arguments);
        if (violations.Count > 0)
        {
            throw new ProblemException(LiveProblems.ArgumentsInvalid(server, toolName, violations));
        }

        var values = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in arguments.EnumerateObject())
        {
            values[property.Name] = property.Value;
        }

        ToolCallResult answer;
        try
        {
            answer = await connection.CallToolAsync(toolName, values, timeout, cancellationToken);
        }
        catch (McpServerException failure)
        {
            var problem = Refusal(server, toolName, failure);
            LiveLog.CallFailed(logger, server, toolName, problem.Code, failure.Message);
            throw new ProblemException(problem);
        }

        var content = JsonSerializer.SerializeToUtf8Bytes(answer.Result.Content, McpJsonUtilities.DefaultOptions);
        var structured = answer.Result.StructuredContent;
        var bytes = (long)content.Length + (structured is { } s ? Encoding.UTF8.GetByteCount(s.GetRawText()) : 0);
        if (bytes > _options.MaxResultBytes)
        {
            throw new ProblemException(LiveProblems.ResultTooLarge(server, toolName, bytes, _options.MaxResultBytes, "McpOrchestrator__Live__MaxResultBytes"));
        }

        return new LiveCallResult
        {
            Content = JsonSerializer.Deserialize<JsonElement>(content),
            Blocks = answer.Result.Content,
            StructuredContent = structured,
            IsError = answer.IsError,
            LatencyMs = answer.LatencyMs,
            Attempts = answer.Attempts,
            Bytes = (int)bytes,
        };
    }

    /// <summary>
    /// Runs <paramref name="calls"/>, at most <paramref name="maxParallel"/> at once (default
    /// <see cref="LiveOptions.DefaultBatchParallel"/>, capped to <see cref="LiveOptions.MaxBatchParallel"/>), and
    /// returns one outcome per call in input order: one call's refusal or failure is its own outcome and never fails
    /// the others. The batch as a whole is refused (400) only for its shape: no calls, more than
    /// <see cref="LiveOptions.MaxBatchCalls"/>, <paramref name="maxParallel"/> below 1. Results past
    /// <see cref="LiveOptions.MaxBatchResultBytes"/> in total, in input order, become <c>result_too_large</c>. When
    /// <paramref name="cancellationToken"/> fires (the caller went away), calls not started never start and calls in
    /// flight are cancelled on their servers; it then throws <see cref="OperationCanceledException"/>. The whole batch
    /// runs within <paramref name="timeoutMs"/> (at most, and by default, <see cref="LiveOptions.BatchTimeout"/>; more is
    /// 400 <c>invalid_batch_timeout</c>): calls unfinished at the deadline are cancelled the same way and answer
    /// <c>batch_timeout</c>. <paramref name="credential"/> (the caller's id) may have at most
    /// <see cref="LiveOptions.MaxConcurrentBatches"/> batches running; one more is 429 <c>too_many_batches</c>.
    /// </summary>
    public async Task<BatchResult> CallBatchAsync(
        IReadOnlyList<ToolCall?>? calls, int? maxParallel, int? timeoutMs, string credential, CancellationToken cancellationToken)
    {
        if (calls is null || calls.Count == 0)
        {
            throw new ProblemException(LiveProblems.InvalidBatch("The batch has no calls: send {\"calls\": [{\"server\": …, \"tool\": …, \"arguments\": {…}}]}."));
        }

        if (calls.Count > _options.MaxBatchCalls)
        {
            throw new ProblemException(LiveProblems.TooManyCalls(calls.Count, _options.MaxBatchCalls));
        }

        if (maxParallel is < 1)
        {
            throw new ProblemException(LiveProblems.InvalidMaxParallel(maxParallel.Value, _options.MaxBatchParallel));
        }

        var limit = _options.BatchTimeout;
        if (timeoutMs is { } asked && (asked < 1 || asked > limit.TotalMilliseconds))
        {
            throw new ProblemException(LiveProblems.InvalidBatchTimeout(asked, limit));
        }

        var deadline = timeoutMs is { } ms ? TimeSpan.FromMilliseconds(ms) : limit;
        using var place = batches.Enter(credential);
        using var expiry = new CancellationTokenSource(deadline, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, expiry.Token);
        var parallel = Math.Min(maxParallel ?? _options.DefaultBatchParallel, _options.MaxBatchParallel);
        var results = new BatchCallResult[calls.Count];
        using var slots = new SemaphoreSlim(parallel, parallel);
        await Task.WhenAll(calls.Select(async (call, index) =>
        {
            try
            {
                await slots.WaitAsync(linked.Token);
            }
            catch (OperationCanceledException) when (expiry.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                results[index] = Failed(LiveProblems.BatchTimeout(deadline));
                return;
            }

            try
            {
                results[index] = call is null
                    ? Failed(LiveProblems.InvalidCall("A call of the batch is null; give {\"server\", \"tool\", \"arguments\"}."))
                    : new BatchCallResult { Ok = true, Result = await CallAsync(call, linked.Token) };
            }
            catch (ProblemException refused)
            {
                results[index] = Failed(refused.Problem);
            }
            catch (OperationCanceledException) when (expiry.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                results[index] = Failed(LiveProblems.BatchTimeout(deadline));
            }
            finally
            {
                slots.Release();
            }
        }));

        long total = 0;
        for (var i = 0; i < results.Length; i++)
        {
            if (results[i].Result is not { } result)
            {
                continue;
            }

            total += result.Bytes;
            if (total > _options.MaxBatchResultBytes)
            {
                total -= result.Bytes;
                results[i] = Failed(LiveProblems.ResultTooLarge(
                    calls[i]!.Server!, calls[i]!.Tool!, total + result.Bytes, _options.MaxBatchResultBytes, "McpOrchestrator__Live__MaxBatchResultBytes, for all results of one batch"));
            }
        }

        return new BatchResult { Results = results, MaxParallel = parallel };
    }

    private static BatchCallResult Failed(Problem problem) =>
        new() { Ok = false, Error = new BatchCallError(problem.Code, problem.Detail) };

    private Problem Refusal(string server, string tool, McpServerException failure)
    {
        return failure.Kind switch
        {
            McpFailureKind.CircuitOpen => LiveProblems.ServerUnavailable(server, failure.Message, failure.RetryAfter ?? _mcp.BreakerBreakDuration, failure.Kind),
            McpFailureKind.Overloaded => LiveProblems.ServerOverloaded(server, failure.Message),
            McpFailureKind.Timeout => LiveProblems.CallTimeout(server, tool, failure.Message),
            McpFailureKind.ProtocolError when failure.ErrorCode == InvalidParams => LiveProblems.ArgumentsRefused(server, tool, failure.Message),
            McpFailureKind.ProtocolError or McpFailureKind.Other => LiveProblems.ServerError(server, tool, failure.Message, failure.Kind),
            McpFailureKind.HttpError when failure.HttpStatus is >= 400 and < 500 and not (404 or 408 or 429) =>
                LiveProblems.ServerError(server, tool, failure.Message, failure.Kind),
            _ => LiveProblems.ServerUnavailable(server, failure.Message, NotConnectedRetry, failure.Kind),
        };
    }
}
