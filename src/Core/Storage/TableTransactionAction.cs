using Azure;

namespace McpOrchestrator.Core.Storage;

/// <summary>
/// One action of an entity group transaction. <paramref name="ETag"/> is the If-Match condition of update and
/// delete actions; <c>default</c> means unconditional (<c>*</c>). For deletes only the entity's keys are used.
/// </summary>
public sealed record TableTransactionAction(TableTransactionActionType ActionType, TableEntity Entity, ETag ETag = default);
