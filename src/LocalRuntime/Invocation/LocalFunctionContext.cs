using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace McpOrchestrator.LocalRuntime.Invocation;

/// <summary>One invocation in the local runtime: the function, its scoped services, its trigger input and result.</summary>
internal sealed class LocalFunctionContext : FunctionContext
{
    private readonly CancellationToken _cancellationToken;

    public LocalFunctionContext(LocalFunctionDefinition definition, IServiceProvider services, object? triggerValue, HttpContext? httpContext, CancellationToken cancellationToken)
    {
        Definition = definition;
        InstanceServices = services;
        TriggerValue = triggerValue;
        _cancellationToken = cancellationToken;
        if (httpContext is not null)
        {
            Items[FunctionContextExtensions.HttpContextKey] = httpContext;
        }
    }

    public LocalFunctionDefinition Definition { get; }

    /// <summary>The trigger's payload for non-HTTP triggers (a <see cref="TimerInfo"/> for timers).</summary>
    public object? TriggerValue { get; }

    public LocalInvocationResult Result { get; } = new();

    public override string InvocationId { get; } = Guid.NewGuid().ToString();

    public override string FunctionId => Definition.Id;

    public override FunctionDefinition FunctionDefinition => Definition;

    public override IServiceProvider InstanceServices { get; set; }

    public override IDictionary<object, object> Items { get; set; } = new Dictionary<object, object>();

    public override CancellationToken CancellationToken => _cancellationToken;

    public static LocalFunctionContext From(FunctionContext context) =>
        context as LocalFunctionContext
        ?? throw new InvalidOperationException("This FunctionContext was not created by the local runtime.");
}
