namespace McpOrchestrator.LocalRuntime.Durable;

/// <summary>What a message waiting for an instance's next step carries.</summary>
internal enum MessageKind
{
    ActivityResult,
    ExternalEvent,
    Terminate,
}
