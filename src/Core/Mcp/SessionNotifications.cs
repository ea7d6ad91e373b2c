namespace McpOrchestrator.Core.Mcp;

/// <summary>Notifications from the server that the session relays; created before the SDK client because the SDK reads
/// its notification handlers once, at construction.</summary>
internal sealed class SessionNotifications
{
    public event Action? ToolsChanged;

    public ValueTask OnToolsChangedAsync()
    {
        ToolsChanged?.Invoke();
        return ValueTask.CompletedTask;
    }
}
