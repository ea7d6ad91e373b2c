namespace McpOrchestrator.Core.Storage;

/// <summary>How a write treats properties the stored entity has but the written one lacks.</summary>
public enum TableUpdateMode
{
    /// <summary>Keep them: only the written properties change (MERGE).</summary>
    Merge = 0,

    /// <summary>Drop them: the stored entity becomes exactly the written one (PUT).</summary>
    Replace = 1,
}
