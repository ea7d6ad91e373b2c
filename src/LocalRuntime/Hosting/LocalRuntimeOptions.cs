using System.Reflection;

namespace McpOrchestrator.LocalRuntime.Hosting;

/// <summary>What the local runtime hosts: the assembly holding the [Function] methods and the folder holding its
/// functions.metadata, host.json and local.settings.json.</summary>
public sealed record LocalRuntimeOptions
{
    public const int DefaultPort = 7071;

    public required Assembly FunctionsAssembly { get; init; }

    public required string AppDirectory { get; init; }

    /// <summary>Start Azurite when AzureWebJobsStorage is development storage and nothing answers on its table port.</summary>
    public bool StartDevelopmentStorage { get; init; } = true;

    internal static LocalRuntimeOptions ForEntryAssembly() => new()
    {
        FunctionsAssembly = Assembly.GetEntryAssembly()
            ?? throw new InvalidOperationException("The local runtime needs an entry assembly holding the functions."),
        AppDirectory = AppContext.BaseDirectory,
    };
}
