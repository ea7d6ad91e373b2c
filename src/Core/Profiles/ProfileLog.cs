using Microsoft.Extensions.Logging;

namespace McpOrchestrator.Core.Profiles;

internal static partial class ProfileLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not delete retired draft rows of {ClientId}/{ProfileId} (generation {Generation}); they stay invisible: {Reason}")]
    public static partial void CleanupFailed(ILogger logger, string clientId, string profileId, string generation, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Profile {ClientId}/{ProfileId} deleted (force: {Force})")]
    public static partial void ProfileDeleted(ILogger logger, string clientId, string profileId, bool force);
}
