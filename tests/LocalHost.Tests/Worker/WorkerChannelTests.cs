using System.Threading.Channels;
using Grpc.Core;
using McpOrchestrator.LocalHost.Rpc;
using McpOrchestrator.LocalHost.Worker;

namespace McpOrchestrator.LocalHost.Tests.Worker;

/// <summary>The channel's outbound side: messages are written on the sender's thread when no write is in progress,
/// queued otherwise; these check what that must never break (order, one write at a time, no write after the call).</summary>
public sealed class WorkerChannelTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Send_BeforeAndAfterTheStreamOpens_WritesEveryMessageInTheOrderSent()
    {
        var channel = new WorkerChannel("worker-1", _ => { });
        var stream = new FakeStream();
        channel.Send(Message("a"));
        channel.Send(Message("b"));

        var run = channel.RunAsync(stream, stream, CancellationToken.None);
        await channel.Connected.WaitAsync(Deadline);
        channel.Send(Message("c"));
        await stream.Written(3).WaitAsync(Deadline);

        Assert.Equal(["a", "b", "c"], stream.Ids);
        stream.End();
        await run.WaitAsync(Deadline);
    }

    [Fact]
    public async Task Send_FromManyThreadsWhileWritesCompleteLater_WritesOneAtATimeKeepingEachSendersOrder()
    {
        const int Senders = 8;
        const int PerSender = 200;
        var channel = new WorkerChannel("worker-1", _ => { });
        var stream = new FakeStream { CompleteLater = true };
        var run = channel.RunAsync(stream, stream, CancellationToken.None);
        await channel.Connected.WaitAsync(Deadline);

        using var start = new Barrier(Senders);
        var senders = Enumerable.Range(0, Senders).Select(s => Task.Run(() =>
        {
            start.SignalAndWait();
            for (var n = 0; n < PerSender; n++)
            {
                channel.Send(Message($"{s}:{n}"));
            }
        }));
        await Task.WhenAll(senders).WaitAsync(Deadline);
        await stream.Written(Senders * PerSender).WaitAsync(Deadline);

        Assert.Equal(1, stream.MostAtOnce);
        foreach (var group in stream.Ids.GroupBy(id => id.Split(':')[0]))
        {
            Assert.Equal(Enumerable.Range(0, PerSender), group.Select(id => int.Parse(id.Split(':')[1], System.Globalization.CultureInfo.InvariantCulture)));
        }

        stream.End();
        await run.WaitAsync(Deadline);
    }

    [Fact]
    public async Task RunAsync_StreamEndsDuringAWrite_ReturnsOnlyOnceTheWriteIsOverAndDropsLaterSends()
    {
        var channel = new WorkerChannel("worker-1", _ => { });
        var stream = new FakeStream();
        var run = channel.RunAsync(stream, stream, CancellationToken.None);
        await channel.Connected.WaitAsync(Deadline);
        var release = stream.HoldNextWrite();
        channel.Send(Message("held"));
        await stream.WriteStarted.WaitAsync(Deadline);

        stream.End();
        await channel.Closed.WaitAsync(Deadline);
        channel.Send(Message("after"));

        Assert.False(run.IsCompleted, "RunAsync returned while a write to the call's stream was still in progress.");
        release.SetResult();
        await run.WaitAsync(Deadline);
        Assert.Equal(["held"], stream.Ids);
    }

    private static StreamingMessage Message(string id) => new() { RequestId = id, WorkerStatusResponse = new WorkerStatusResponse() };

    /// <summary>The worker's side of the call: a reader the test ends, and a writer that records what it is given
    /// and how many writes overlapped.</summary>
    private sealed class FakeStream : IAsyncStreamReader<StreamingMessage>, IServerStreamWriter<StreamingMessage>
    {
        private readonly Channel<StreamingMessage> _inbound = Channel.CreateUnbounded<StreamingMessage>();
        private readonly Lock _gate = new();
        private readonly List<string> _ids = [];
        private readonly List<(int Count, TaskCompletionSource Reached)> _waiters = [];
        private readonly TaskCompletionSource _writeStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private TaskCompletionSource? _hold;
        private int _active;
        private int _mostAtOnce;

        /// <summary>Whether each write completes after it returned (as a write that waits for the socket does).</summary>
        public bool CompleteLater { get; init; }

        public StreamingMessage Current { get; private set; } = new();

        public WriteOptions? WriteOptions { get; set; }

        public Task WriteStarted => _writeStarted.Task;

        public int MostAtOnce => Volatile.Read(ref _mostAtOnce);

        public IReadOnlyList<string> Ids
        {
            get
            {
                lock (_gate)
                {
                    return [.. _ids];
                }
            }
        }

        public Task Written(int count)
        {
            lock (_gate)
            {
                if (_ids.Count >= count)
                {
                    return Task.CompletedTask;
                }

                var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiters.Add((count, reached));
                return reached.Task;
            }
        }

        /// <summary>The next write does not complete until the returned source is set.</summary>
        public TaskCompletionSource HoldNextWrite()
        {
            var hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _hold = hold;
            return hold;
        }

        public void End() => _inbound.Writer.TryComplete();

        public async Task<bool> MoveNext(CancellationToken cancellationToken)
        {
            if (!await _inbound.Reader.WaitToReadAsync(cancellationToken) || !_inbound.Reader.TryRead(out var message))
            {
                return false;
            }

            Current = message;
            return true;
        }

        public Task WriteAsync(StreamingMessage message) => WriteAsync(message, CancellationToken.None);

        public async Task WriteAsync(StreamingMessage message, CancellationToken cancellationToken)
        {
            var active = Interlocked.Increment(ref _active);
            InterlockedMax(ref _mostAtOnce, active);
            _writeStarted.TrySetResult();
            try
            {
                if (Interlocked.Exchange(ref _hold, null) is { } hold)
                {
                    await hold.Task;
                }
                else if (CompleteLater)
                {
                    await Task.Yield();
                }

                lock (_gate)
                {
                    _ids.Add(message.RequestId);
                    foreach (var waiter in _waiters.Where(w => _ids.Count >= w.Count).ToList())
                    {
                        _waiters.Remove(waiter);
                        waiter.Reached.TrySetResult();
                    }
                }
            }
            finally
            {
                Interlocked.Decrement(ref _active);
            }
        }

        private static void InterlockedMax(ref int target, int value)
        {
            var seen = Volatile.Read(ref target);
            while (value > seen)
            {
                var previous = Interlocked.CompareExchange(ref target, value, seen);
                if (previous == seen)
                {
                    return;
                }

                seen = previous;
            }
        }
    }
}
