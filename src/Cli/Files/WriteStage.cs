namespace McpOrchestrator.Cli.Files;

/// <summary>The points of <see cref="AtomicFileWriter.Write"/> between which a write can be interrupted.</summary>
public enum WriteStage
{
    /// <summary>The backup of the old file is complete.</summary>
    BackedUp,

    /// <summary>The new content is complete and flushed in the temporary file, not yet renamed over the target.</summary>
    TempWritten,

    /// <summary>The new file is in place.</summary>
    Replaced,
}
