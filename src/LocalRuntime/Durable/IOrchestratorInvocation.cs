namespace McpOrchestrator.LocalRuntime.Durable;

/// <summary>Runs the orchestrator function of one replay.</summary>
internal interface IOrchestratorInvocation
{
    /// <summary>Starts the function with <paramref name="context"/> on the current thread (under
    /// <see cref="SynchronousTaskScheduler"/>) and returns the invocation, which completes when the function returns.</summary>
    Task Start(LocalOrchestrationContext context);

    /// <summary>What the function returned, once the invocation completed.</summary>
    object? Output { get; }
}
