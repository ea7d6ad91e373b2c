namespace McpOrchestrator.Functions.Publishing;

/// <summary><c>GET /v1/pipelines/{instanceId}</c>: the Durable status shape.</summary>
public sealed record PipelineStatus(
    string Name,
    string InstanceId,
    string RuntimeStatus,
    PublishPipelineInput? Input,
    PipelineStep? CustomStatus,
    PublishPipelineOutput? Output,
    DateTimeOffset CreatedTime,
    DateTimeOffset LastUpdatedTime,
    string? FailureDetails);
