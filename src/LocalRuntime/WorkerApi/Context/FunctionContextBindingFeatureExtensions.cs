using McpOrchestrator.LocalRuntime.Invocation;

namespace Microsoft.Azure.Functions.Worker;

public static class FunctionContextBindingFeatureExtensions
{
    /// <summary>The invocation's result, readable and replaceable by middleware after <c>next</c> returns.</summary>
    public static InvocationResult GetInvocationResult(this FunctionContext context) =>
        LocalFunctionContext.From(context).Result;
}
