namespace McpOrchestrator.Core.Storage;

/// <summary>What one action of an entity group transaction does.</summary>
public enum TableTransactionActionType
{
    /// <summary>Insert; fails if the entity exists.</summary>
    Add = 0,

    /// <summary>Merge into an existing entity, conditional on the action's ETag (<c>*</c> when default).</summary>
    UpdateMerge = 1,

    /// <summary>Replace an existing entity, conditional on the action's ETag (<c>*</c> when default).</summary>
    UpdateReplace = 2,

    /// <summary>Delete an existing entity, conditional on the action's ETag (<c>*</c> when default).</summary>
    Delete = 3,

    /// <summary>Insert or merge.</summary>
    UpsertMerge = 4,

    /// <summary>Insert or replace.</summary>
    UpsertReplace = 5,
}
