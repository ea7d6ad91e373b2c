namespace McpOrchestrator.Bench;

/// <summary>The argument-validation measurement: per schema, the median microseconds per call of preparing a tool
/// call's arguments without validation, with validation against the cached schema, and with the schema built on every
/// call (what the cache saves), over interleaved rounds.</summary>
public sealed record ValidationResult(int CallsPerRound, int Rounds, IReadOnlyList<ValidationCase> Cases);

/// <summary>One schema's figures: median microseconds per call over the rounds.</summary>
public sealed record ValidationCase(string Name, double NoValidationUs, double CachedUs, double BuiltPerCallUs)
{
    /// <summary>Validated ÷ not validated.</summary>
    public double CachedRatio => CachedUs / NoValidationUs;

    /// <summary>Built per call ÷ not validated.</summary>
    public double BuiltPerCallRatio => BuiltPerCallUs / NoValidationUs;
}
