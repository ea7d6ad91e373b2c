using Microsoft.Azure.Functions.Worker.Builder;

namespace McpOrchestrator.LocalRuntime.Hosting;

/// <summary>Creates a local-runtime builder for an explicit functions assembly and app folder (tests, tools);
/// a Functions app's Program.cs uses <see cref="FunctionsApplication.CreateBuilder"/> instead.</summary>
public static class LocalFunctionsApplication
{
    public static FunctionsApplicationBuilder CreateBuilder(string[] args, LocalRuntimeOptions options) => new(args, options);
}
