using System.Collections.Concurrent;

namespace McpOrchestrator.FaultyMcpServer;

/// <summary>What the server has seen and the faults it was told to inject; one per process, shared by every
/// session (stateless HTTP builds a server per request).</summary>
internal sealed class FaultState(FaultSettings settings)
{
    private readonly ConcurrentDictionary<string, int> _calls = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _firstCancellation = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _firstHang = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new();
    private int _cancelled;
    private int _toolCallPosts;
    private int _httpFaultStatus;
    private int _httpFaultsLeft;

    public FaultSettings Settings { get; } = settings;

    public int Cancelled => Volatile.Read(ref _cancelled);

    public Task FirstCancellation => _firstCancellation.Task;

    /// <summary>Completes when a <c>hang</c> call has started.</summary>
    public Task FirstHang => _firstHang.Task;

    public IReadOnlyDictionary<string, int> Calls => new Dictionary<string, int>(_calls, StringComparer.Ordinal);

    public int ToolCallPosts => Volatile.Read(ref _toolCallPosts);

    public void RecordCall(string tool)
    {
        _calls.AddOrUpdate(tool, 1, (_, count) => count + 1);
        if (Settings.StateDir is { } directory)
        {
            lock (_gate)
            {
                File.AppendAllText(Path.Combine(directory, "calls.log"), tool + "\n");
            }
        }
    }

    public void RecordHangStarted() => _firstHang.TrySetResult();

    public void RecordCancelled()
    {
        Interlocked.Increment(ref _cancelled);
        Console.Error.WriteLine("faulty: a tool call was cancelled by the client");
        _firstCancellation.TrySetResult();
    }

    public void SetHttpFault(int status, int count)
    {
        lock (_gate)
        {
            _httpFaultStatus = status;
            _httpFaultsLeft = count;
        }
    }

    /// <summary>Counts a tools/call POST and says whether it must fail, and how (0 = drop the connection).</summary>
    public bool TakeHttpFault(out int status)
    {
        Interlocked.Increment(ref _toolCallPosts);
        lock (_gate)
        {
            status = _httpFaultStatus;
            if (_httpFaultsLeft <= 0)
            {
                return false;
            }

            _httpFaultsLeft--;
            return true;
        }
    }
}
