using McpOrchestrator.LocalRuntime.Hosting;

namespace Microsoft.Azure.Functions.Worker.Builder;

/// <summary>Entry point of a Functions app's Program.cs; here it builds the local runtime for the entry assembly.</summary>
public static class FunctionsApplication
{
    public static FunctionsApplicationBuilder CreateBuilder(string[] args) =>
        new(args, LocalRuntimeOptions.ForEntryAssembly());
}
