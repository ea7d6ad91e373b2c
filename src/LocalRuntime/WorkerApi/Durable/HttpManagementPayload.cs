namespace Microsoft.Azure.Functions.Worker;

/// <summary>The URLs that manage one orchestration instance through the host's built-in Durable HTTP API
/// (<c>/runtime/webhooks/durabletask/instances/{id}</c>), which the local runtime serves too.</summary>
public class HttpManagementPayload
{
    public string Id { get; internal set; } = string.Empty;

    public string StatusQueryGetUri { get; internal set; } = string.Empty;

    public string SendEventPostUri { get; internal set; } = string.Empty;

    public string TerminatePostUri { get; internal set; } = string.Empty;

    public string RewindPostUri { get; internal set; } = null!;

    public string PurgeHistoryDeleteUri { get; internal set; } = string.Empty;

    public string RestartPostUri { get; internal set; } = null!;

    public string SuspendPostUri { get; internal set; } = string.Empty;

    public string ResumePostUri { get; internal set; } = string.Empty;
}
