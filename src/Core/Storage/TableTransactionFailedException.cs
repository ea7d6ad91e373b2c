using Azure;

namespace McpOrchestrator.Core.Storage;

/// <summary>
/// An entity group transaction was rejected and nothing of it was applied. <see cref="FailedTransactionActionIndex"/>
/// is the zero-based index of the action the service blamed, when it named one.
/// </summary>
public sealed class TableTransactionFailedException : RequestFailedException
{
    public TableTransactionFailedException(string message)
        : base(message)
    {
    }

    public TableTransactionFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public TableTransactionFailedException(int status, string message, string? errorCode, int? failedTransactionActionIndex)
        : base(status, message, errorCode, null)
    {
        FailedTransactionActionIndex = failedTransactionActionIndex;
    }

    public TableTransactionFailedException()
        : base("The table transaction failed.")
    {
    }

    /// <summary>Zero-based index of the failing action, or null when the service did not name one.</summary>
    public int? FailedTransactionActionIndex { get; }
}
