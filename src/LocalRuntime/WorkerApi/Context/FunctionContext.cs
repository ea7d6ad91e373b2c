namespace Microsoft.Azure.Functions.Worker;

/// <summary>One function invocation, as worker middleware and functions see it.</summary>
public abstract class FunctionContext
{
    public abstract string InvocationId { get; }

    public abstract string FunctionId { get; }

    public abstract FunctionDefinition FunctionDefinition { get; }

    public abstract IServiceProvider InstanceServices { get; set; }

    public abstract IDictionary<object, object> Items { get; set; }

    public virtual CancellationToken CancellationToken { get; }
}
