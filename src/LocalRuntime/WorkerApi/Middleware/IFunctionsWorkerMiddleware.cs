namespace Microsoft.Azure.Functions.Worker.Middleware;

/// <summary>Worker middleware: runs around every function invocation, HTTP and timer alike.</summary>
public interface IFunctionsWorkerMiddleware
{
    Task Invoke(FunctionContext context, FunctionExecutionDelegate next);
}
