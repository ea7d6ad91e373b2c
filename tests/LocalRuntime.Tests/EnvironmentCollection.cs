namespace McpOrchestrator.LocalRuntime.Tests;

/// <summary>Tests that set process environment variables run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EnvironmentCollection
{
    public const string Name = "Process environment";
}
