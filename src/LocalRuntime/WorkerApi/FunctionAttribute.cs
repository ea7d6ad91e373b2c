namespace Microsoft.Azure.Functions.Worker;

/// <summary>Marks a method as a function with the given name (real type: Microsoft.Azure.Functions.Worker.Extensions.Abstractions).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class FunctionAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}
