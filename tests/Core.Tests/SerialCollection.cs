namespace McpOrchestrator.Core.Tests;

/// <summary>Tests that measure the whole test process (its memory, for one) and so must run alone: xUnit runs a
/// collection that disables parallelization after the parallel ones, one test at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialCollection
{
    public const string Name = "Serial: measures the whole test process";
}
