using System.Collections.Concurrent;
using Grpc.Core;
using McpOrchestrator.LocalHost.Extensions;
using McpOrchestrator.LocalHost.Rpc;

namespace McpOrchestrator.LocalHost.Worker;

/// <summary>The gRPC event stream of one worker: requests the host sends and the answers it awaits, paired by
/// request or invocation id. When the stream ends every pending answer fails with
/// <see cref="WorkerUnavailableException"/>.</summary>
/// <remarks>A gRPC stream writer takes one write at a time. A message is written on the sender's own thread when no
/// write is in progress, so that an InvocationRequest does not wait for a writer loop to be scheduled; messages
/// sent meanwhile queue, and the write in progress writes them after its own, in the order they were sent.</remarks>
internal sealed class WorkerChannel(string workerId, Action<RpcLog> onLog)
{
    private readonly Lock _sendGate = new();
    private readonly Queue<StreamingMessage> _outbound = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<StreamingMessage>> _requests = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TaskCompletionSource<InvocationResponse>> _invocations = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile string? _closeReason;
    private IServerStreamWriter<StreamingMessage>? _writer;
    private CancellationToken _streamCancellation;
    private bool _writing;
    private TaskCompletionSource _writesIdle = NewIdleSignal(completed: true);

    public string WorkerId { get; } = workerId;

    /// <summary>Completes when the worker opened its stream (its <c>StartStream</c> arrived).</summary>
    public Task Connected => _connected.Task;

    /// <summary>Completes when the stream ended.</summary>
    public Task Closed => _closed.Task;

    public bool IsOpen => _closeReason is null;

    /// <summary>Serves the stream until the worker ends it or <paramref name="cancellationToken"/> fires.</summary>
    public async Task RunAsync(IAsyncStreamReader<StreamingMessage> requests, IServerStreamWriter<StreamingMessage> responses, CancellationToken cancellationToken)
    {
        lock (_sendGate)
        {
            _writer = responses;
            _streamCancellation = cancellationToken;
        }

        _connected.TrySetResult();
        WriteQueued();
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

            // No write may outlive the call: wait for the one in progress (later ones are dropped once closed).
            Task idle;
            lock (_sendGate)
            {
                idle = _writesIdle.Task;
            }

            await idle;
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

    /// <summary>Queues <paramref name="message"/> for the worker, writing it at once when no write is in progress;
    /// dropped once the stream is closed.</summary>
    public void Send(StreamingMessage message)
    {
        lock (_sendGate)
        {
            if (_closeReason is not null)
            {
                return;
            }

            _outbound.Enqueue(message);
        }

        WriteQueued();
    }

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

    private static TaskCompletionSource NewIdleSignal(bool completed)
    {
        var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (completed)
        {
            signal.SetResult();
        }

        return signal;
    }

    /// <summary>Starts writing the queue on this thread unless a write is in progress or the stream is not open yet.</summary>
    private void WriteQueued()
    {
        lock (_sendGate)
        {
            if (_writing || _writer is null || _outbound.Count == 0)
            {
                return;
            }

            _writing = true;
            _writesIdle = NewIdleSignal(completed: false);
        }

        _ = WriteAllAsync();
    }

    /// <summary>Writes queued messages one at a time until the queue is empty or the stream closed.</summary>
    private async Task WriteAllAsync()
    {
        while (true)
        {
            StreamingMessage message;
            IServerStreamWriter<StreamingMessage> writer;
            CancellationToken cancellation;
            lock (_sendGate)
            {
                if (_closeReason is not null || !_outbound.TryDequeue(out message!))
                {
                    _outbound.Clear();
                    _writing = false;
                    _writesIdle.TrySetResult();
                    return;
                }

                writer = _writer!;
                cancellation = _streamCancellation;
            }

            try
            {
                await writer.WriteAsync(message, cancellation);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or Grpc.Core.RpcException or InvalidOperationException)
            {
                // Nothing more can be written: the stream is gone.
                Close("the worker's gRPC stream could not be written");
            }
        }
    }
}
