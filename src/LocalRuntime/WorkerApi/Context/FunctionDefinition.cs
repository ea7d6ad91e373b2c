namespace Microsoft.Azure.Functions.Worker;

/// <summary>A function as indexed in functions.metadata.</summary>
public abstract class FunctionDefinition
{
    public abstract string PathToAssembly { get; }

    /// <summary>Full name of the method: <c>Namespace.Type.Method</c>.</summary>
    public abstract string EntryPoint { get; }

    public abstract string Id { get; }

    public abstract string Name { get; }
}
