using System.Collections.Concurrent;
using System.Threading.Channels;
using Grpc.Core;
using McpOrchestrator.LocalHost.Extensions;
using McpOrchestrator.LocalHost.Rpc;

namespace McpOrchestrator.LocalHost.Worker;

/// <summary>The gRPC event stream of one worker: requests the host sends (written by one writer loop, as a gRPC
/// stream writer must not be written concurrently) and the answers it awaits, paired by request or invocation id.
/// When the stream ends every pending answer fails with <see cref="WorkerUnavailableException"/>.</summary>
internal sealed class WorkerChannel(string workerId, Action<RpcLog> onLog)
{
    private readonly Channel<StreamingMessage> _outbound = Channel.CreateUnbounded<StreamingMessage>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<string, TaskCompletionSource<StreamingMessage>> _requests = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TaskCompletionSource<InvocationResponse>> _invocations = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile string? _closeReason;

    public string WorkerId { get; } = workerId;

    /// <summary>Completes when the worker opened its stream (its <c>StartStream</c> arrived).</summary>
    public Task Connected => _connected.Task;

    /// <summary>Completes when the stream ended.</summary>
    public Task Closed => _closed.Task;

    public bool IsOpen => _closeReason is null;

    /// <summary>Serves the stream until the worker ends it or <paramref name="cancellationToken"/> fires.</summary>
    public async Task RunAsync(IAsyncStreamReader<StreamingMessage> requests, IServerStreamWriter<StreamingMessage> responses, CancellationToken cancellationToken)
    {
        _connected.TrySetResult();
        var writer = WriteLoopAsync(responses, cancellationToken);
        try
        {
            while (await requests.MoveNext(cancellationToken))
            {
                Dispatch(requests.Current);
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or Grpc.Core.RpcException or InvalidOperationException)
        {
            // The worker went away.
        }
        finally
        {
            Close("the worker's gRPC stream ended");
            _outbound.Writer.TryComplete();
            try
            {
                await writer;
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or Grpc.Core.RpcException or InvalidOperationException)
            {
                // Nothing more can be written.
            }
        }
    }

    /// <summary>Sends <paramref name="message"/> and awaits the answer paired with it by
    /// <paramref name="answerKey"/> (see <see cref="AnswerKey"/>: the worker does not echo request ids).</summary>
    public async Task<StreamingMessage> RequestAsync(StreamingMessage message, string answerKey, TimeSpan timeout, CancellationToken cancellationToken)
    {
        message.RequestId = Guid.NewGuid().ToString();
        var answer = new TaskCompletionSource<StreamingMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        _requests[answerKey] = answer;
        try
        {
            ThrowIfClosed();
            Send(message);
            return await answer.Task.WaitAsync(timeout, cancellationToken);
        }
        finally
        {
            _requests.TryRemove(answerKey, out _);
        }
    }

    /// <summary>Registers the invocation, sends its request, and returns the task of its response.</summary>
    public Task<InvocationResponse> Invoke(InvocationRequest request)
    {
        var response = new TaskCompletionSource<InvocationResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        _invocations[request.InvocationId] = response;
        if (_closeReason is { } reason)
        {
            _invocations.TryRemove(request.InvocationId, out _);
            response.TrySetException(new WorkerUnavailableException($"The worker is not available: {reason}."));
            return response.Task;
        }

        Send(new StreamingMessage { InvocationRequest = request });
        return response.Task;
    }

    public void Cancel(string invocationId)
    {
        if (_invocations.ContainsKey(invocationId))
        {
            Send(new StreamingMessage { InvocationCancel = new InvocationCancel { InvocationId = invocationId } });
        }
    }

    /// <summary>Forgets an invocation whose answer will not come (the worker never paired its HTTP request).</summary>
    public void Abandon(string invocationId, Exception reason)
    {
        if (_invocations.TryRemove(invocationId, out var response))
        {
            response.TrySetException(reason);
        }
    }

    public void Send(StreamingMessage message) => _outbound.Writer.TryWrite(message);

    /// <summary>Fails everything still awaited; later sends are dropped.</summary>
    public void Close(string reason)
    {
        if (Interlocked.CompareExchange(ref _closeReason, reason, null) is not null)
        {
            return;
        }

        _connected.TrySetException(new WorkerUnavailableException($"The worker is not available: {reason}."));
        foreach (var (id, answer) in _requests)
        {
            _requests.TryRemove(id, out _);
            answer.TrySetException(new WorkerUnavailableException($"The worker is not available: {reason}."));
        }

        foreach (var (id, response) in _invocations)
        {
            _invocations.TryRemove(id, out _);
            response.TrySetException(new WorkerUnavailableException($"The worker is not available: {reason}."));
        }

        _outbound.Writer.TryComplete();
        _closed.TrySetResult();
    }

    private void ThrowIfClosed()
    {
        if (_closeReason is { } reason)
        {
            throw new WorkerUnavailableException($"The worker is not available: {reason}.");
        }
    }

    private void Dispatch(StreamingMessage message)
    {
        switch (message.ContentCase)
        {
            case StreamingMessage.ContentOneofCase.RpcLog:
                onLog(message.RpcLog);
                break;
            case StreamingMessage.ContentOneofCase.InvocationResponse:
                if (_invocations.TryRemove(message.InvocationResponse.InvocationId, out var response))
                {
                    response.TrySetResult(message.InvocationResponse);
                }

                break;
            case StreamingMessage.ContentOneofCase.WorkerStatusRequest:
                Send(new StreamingMessage { RequestId = message.RequestId, WorkerStatusResponse = new WorkerStatusResponse() });
                break;
            default:
                if (_requests.TryRemove(AnswerKey(message), out var answer))
                {
                    answer.TrySetResult(message);
                }

                break;
        }
    }

    /// <summary>How an answer is paired with its request: a load response by its function id, the one-off
    /// handshake answers by their kind.</summary>
    public static string AnswerKey(StreamingMessage message) => message.ContentCase switch
    {
        StreamingMessage.ContentOneofCase.FunctionLoadResponse => LoadKey(message.FunctionLoadResponse.FunctionId),
        _ => message.ContentCase.ToString(),
    };

    public static string LoadKey(string functionId) => "load:" + functionId;

    private async Task WriteLoopAsync(IServerStreamWriter<StreamingMessage> responses, CancellationToken cancellationToken)
    {
        await foreach (var message in _outbound.Reader.ReadAllAsync(cancellationToken))
        {
            await responses.WriteAsync(message, cancellationToken);
        }
    }
}
