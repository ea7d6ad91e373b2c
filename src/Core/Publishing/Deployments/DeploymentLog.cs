using Microsoft.Extensions.Logging;

namespace McpOrchestrator.Core.Publishing.Deployments;

/// <summary>Log events of deployments.</summary>
internal static partial class DeploymentLog
{
    [LoggerMessage(EventId = 621, Level = LogLevel.Information, Message = "Deployed {ClientId}/{ProfileId} version {Version} ({ArtifactId}) as deployment {Sequence}, replacing version {PreviousVersion}, rollback {IsRollback}, by {DeployedBy}")]
    public static partial void Deployed(ILogger logger, string clientId, string profileId, int version, string artifactId, int sequence, int? previousVersion, bool isRollback, string deployedBy);

    [LoggerMessage(EventId = 622, Level = LogLevel.Information, Message = "Deploy of {ClientId}/{ProfileId} with idempotency key {IdempotencyKey} was already done: deployment {Sequence}")]
    public static partial void DeployReplayed(ILogger logger, string clientId, string profileId, string idempotencyKey, int sequence);

    [LoggerMessage(EventId = 624, Level = LogLevel.Information, Message = "{ClientId}/{ProfileId} was deleted: version {Version} is no longer deployed; its history and artifacts stay")]
    public static partial void Undeployed(ILogger logger, string clientId, string profileId, int version);

    [LoggerMessage(EventId = 623, Level = LogLevel.Debug, Message = "A concurrent deploy of {ClientId}/{ProfileId} got there first (attempt {Attempt}); trying again")]
    public static partial void DeployConflict(ILogger logger, string clientId, string profileId, int attempt);
}
