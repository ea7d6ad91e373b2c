using Microsoft.Azure.Functions.Worker;

namespace McpOrchestrator.LocalRuntime.Invocation;

/// <summary>The worker middleware registered by the app, in order, around the function invoker.</summary>
internal sealed class InvocationPipeline
{
    private readonly FunctionExecutionDelegate _pipeline;

    public InvocationPipeline(IEnumerable<Func<FunctionExecutionDelegate, FunctionExecutionDelegate>> middleware)
    {
        FunctionExecutionDelegate pipeline = context =>
        {
            var local = LocalFunctionContext.From(context);
            return local.Definition.Invoker.InvokeAsync(local);
        };

        foreach (var component in middleware.Reverse())
        {
            pipeline = component(pipeline);
        }

        _pipeline = pipeline;
    }

    public Task RunAsync(LocalFunctionContext context) => _pipeline(context);
}
