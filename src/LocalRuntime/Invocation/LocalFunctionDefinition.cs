using System.Reflection;
using McpOrchestrator.LocalRuntime.Metadata;
using Microsoft.Azure.Functions.Worker;

namespace McpOrchestrator.LocalRuntime.Invocation;

/// <summary>A function of functions.metadata resolved to the method that runs it.</summary>
internal sealed class LocalFunctionDefinition(FunctionMetadata metadata, MethodInfo method, string pathToAssembly) : FunctionDefinition
{
    public FunctionMetadata Metadata { get; } = metadata;

    public MethodInfo Method { get; } = method;

    public override string PathToAssembly { get; } = pathToAssembly;

    public override string EntryPoint => Metadata.EntryPoint;

    public override string Id { get; } = metadata.Name;

    public override string Name => Metadata.Name;

    /// <summary>Runs the method; created on first use, which validates every parameter binding.</summary>
    public FunctionInvoker Invoker => field ??= new FunctionInvoker(this);
}
