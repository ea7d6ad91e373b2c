using Microsoft.Extensions.Logging;

namespace McpOrchestrator.Core.Publishing.Artifacts;

/// <summary>Log events of artifacts: ids and versions, never payloads (they may hold env values).</summary>
internal static partial class ArtifactLog
{
    [LoggerMessage(EventId = 611, Level = LogLevel.Information, Message = "Published {ClientId}/{ProfileId} version {Version} ({ArtifactId}, {PayloadBytes} bytes), signed by key {Kid}, by {PublishedBy}")]
    public static partial void Published(ILogger logger, string clientId, string profileId, int version, string artifactId, int payloadBytes, string kid, string publishedBy);

    [LoggerMessage(EventId = 612, Level = LogLevel.Information, Message = "Publish of {ClientId}/{ProfileId} with idempotency key {IdempotencyKey} was already done: version {Version}")]
    public static partial void PublishReplayed(ILogger logger, string clientId, string profileId, string idempotencyKey, int version);

    [LoggerMessage(EventId = 613, Level = LogLevel.Debug, Message = "Version {Version} of {ClientId}/{ProfileId} was taken by a concurrent publish (attempt {Attempt}); trying the next")]
    public static partial void VersionConflict(ILogger logger, string clientId, string profileId, int version, int attempt);
}
