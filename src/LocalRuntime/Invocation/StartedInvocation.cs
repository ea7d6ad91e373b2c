namespace McpOrchestrator.LocalRuntime.Invocation;

/// <summary>An invocation started by <see cref="FunctionExecutor.Start"/>: its context, the pipeline's task (which may
/// never complete), and <see cref="EndAsync"/>, which logs the outcome and releases the invocation's services.</summary>
internal sealed class StartedInvocation(LocalFunctionContext context, Task running, Func<Exception?, Task> end)
{
    public LocalFunctionContext Context { get; } = context;

    public Task Running { get; } = running;

    /// <summary>Ends the invocation: succeeded when <paramref name="failure"/> is null.</summary>
    public Task EndAsync(Exception? failure) => end(failure);
}
