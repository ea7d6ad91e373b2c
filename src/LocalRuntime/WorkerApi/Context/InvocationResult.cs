namespace Microsoft.Azure.Functions.Worker;

/// <summary>The value a function returned; middleware may read or replace it.</summary>
public abstract class InvocationResult
{
    public abstract object? Value { get; set; }
}
