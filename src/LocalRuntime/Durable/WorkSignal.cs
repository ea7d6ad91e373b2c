namespace McpOrchestrator.LocalRuntime.Durable;

/// <summary>Wakes a dispatcher when this host creates work for it, so that local work never waits for a poll.
/// Auto-reset: a poke while nobody waits makes the next wait return at once.</summary>
internal sealed class WorkSignal
{
    private readonly Lock _gate = new();
    private TaskCompletionSource _poked = New();

    public void Poke()
    {
        lock (_gate)
        {
            _poked.TrySetResult();
        }
    }

    /// <summary>Returns when poked, when <paramref name="timeout"/> has passed on <paramref name="clock"/>, or throws when cancelled.</summary>
    public async Task WaitAsync(TimeSpan timeout, TimeProvider clock, CancellationToken cancellationToken)
    {
        Task poked;
        lock (_gate)
        {
            if (_poked.Task.IsCompleted)
            {
                _poked = New();
                return;
            }

            poked = _poked.Task;
        }

        if (timeout <= TimeSpan.Zero)
        {
            return;
        }

        try
        {
            await poked.WaitAsync(timeout, clock, cancellationToken);
        }
        catch (TimeoutException)
        {
            // The poll interval passed.
        }
    }

    private static TaskCompletionSource New() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
