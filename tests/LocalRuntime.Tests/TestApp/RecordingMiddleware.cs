using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace McpOrchestrator.LocalRuntime.Tests.TestApp;

/// <summary>Worker middleware that records each invocation id and stamps HTTP responses with it.</summary>
public sealed class RecordingMiddleware(TestSignals signals) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        signals.MiddlewareSawInvocations.Writer.TryWrite(context.InvocationId);
        context.GetHttpContext()?.Response.Headers["X-Invocation-Id"] = context.InvocationId;
        await next(context);
    }
}
