using System.Reflection;
using McpOrchestrator.LocalRuntime.Invocation;

namespace McpOrchestrator.LocalRuntime.Metadata;

/// <summary>The functions of functions.metadata resolved against the app assembly. Fails at start-up, naming the
/// function, when an entry point does not exist or a parameter cannot be bound.</summary>
internal sealed class FunctionIndex
{
    private FunctionIndex(IReadOnlyList<LocalFunctionDefinition> functions) => Functions = functions;

    public IReadOnlyList<LocalFunctionDefinition> Functions { get; }

    public static FunctionIndex Create(IReadOnlyList<FunctionMetadata> metadata, Assembly assembly)
    {
        var functions = new List<LocalFunctionDefinition>(metadata.Count);
        foreach (var function in metadata)
        {
            var split = function.EntryPoint.LastIndexOf('.');
            var typeName = split > 0 ? function.EntryPoint[..split] : string.Empty;
            var methodName = function.EntryPoint[(split + 1)..];
            var type = assembly.GetType(typeName)
                ?? throw new InvalidOperationException($"Function '{function.Name}': type '{typeName}' is not in {assembly.GetName().Name}. Rebuild so functions.metadata matches the assembly.");
            var method = type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)
                .SingleOrDefault(m => m.Name == methodName && m.GetCustomAttributes().Any(a => a.GetType().FullName == "Microsoft.Azure.Functions.Worker.FunctionAttribute"))
                ?? throw new InvalidOperationException($"Function '{function.Name}': method '{function.EntryPoint}' with [Function] was not found. Rebuild so functions.metadata matches the assembly.");
            var definition = new LocalFunctionDefinition(function, method, assembly.Location);
            _ = definition.Invoker;
            functions.Add(definition);
        }

        return new FunctionIndex(functions);
    }
}
