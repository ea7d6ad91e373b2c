using System.Threading.Channels;
using Microsoft.Azure.Functions.Worker;

namespace McpOrchestrator.LocalRuntime.Tests.TestApp;

/// <summary>Signals the test functions raise so tests wait on events, never on sleeps.</summary>
public sealed class TestSignals
{
    public Channel<TimerInfo> Ticks { get; } = Channel.CreateUnbounded<TimerInfo>();

    public TaskCompletionSource WaitStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource WaitCancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Channel<string> MiddlewareSawInvocations { get; } = Channel.CreateUnbounded<string>();
}
