namespace McpOrchestrator.Core.Formats.Documents;

/// <summary>The type of a scalar as its syntax wrote it.</summary>
internal enum ScalarKind
{
    String,
    Integer,
    Float,
    Boolean,
    Null,

    /// <summary>A TOML date, time or date-time, kept as written.</summary>
    DateTime,
}
