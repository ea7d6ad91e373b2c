using McpOrchestrator.Core.Configs;
using McpOrchestrator.Core.Mcp;
using McpOrchestrator.Core.Validation;

namespace McpOrchestrator.Functions.Publishing;

/// <summary>What <c>POST .../publish</c> starts the pipeline with.</summary>
public sealed record PublishPipelineInput
{
    public required string ClientId { get; init; }

    public required string ProfileId { get; init; }

    public string? Changelog { get; init; }

    public bool Deploy { get; init; }

    public bool Probe { get; init; }

    /// <summary>The id of the caller who published (a token id or <c>api-key</c>).</summary>
    public required string RequestedBy { get; init; }
}

/// <summary>The draft as the pipeline froze it: the servers it resolves to, and the issues found while resolving.</summary>
public sealed record DraftSnapshot
{
    public required string ClientId { get; init; }

    public required string ProfileId { get; init; }

    public required string DraftETag { get; init; }

    public required IReadOnlyList<ServerConfig> Servers { get; init; }
}

/// <summary>Input of the validate step: the snapshot and, when probing, each server's probe.</summary>
public sealed record ValidateStepInput(DraftSnapshot Snapshot, IReadOnlyList<ProbeResult>? Probes);

/// <summary>Input of the store step.</summary>
public sealed record StoreStepInput(PublishPipelineInput Request, DraftSnapshot Snapshot, ValidationReport Validation, string IdempotencyKey);

/// <summary>What the store step returns.</summary>
public sealed record StoredArtifact(int Version, string ArtifactId);

/// <summary>Input of the deploy step.</summary>
public sealed record DeployStepInput(string ClientId, string ProfileId, int Version, string DeployedBy, string IdempotencyKey);

/// <summary>The pipeline's output: <c>published</c> with the new version, or <c>rejected</c> with the report.</summary>
public sealed record PublishPipelineOutput
{
    public required string Outcome { get; init; }

    public int? Version { get; init; }

    public string? ArtifactId { get; init; }

    public bool Deployed { get; init; }

    public required ValidationReport Validation { get; init; }
}

/// <summary>The custom status: which step the pipeline is on.</summary>
public sealed record PipelineStep(string Step, int? Servers = null);
