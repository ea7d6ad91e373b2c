using Microsoft.Extensions.Logging;

namespace McpOrchestrator.Core.Access;

/// <summary>Log events of access control. Ids, names, scopes and reason categories only: never a secret, a hash or a
/// presented credential.</summary>
internal static partial class AccessLog
{
    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Issued token {TokenId} '{TokenName}' with scopes {Scopes}, by {IssuedBy}")]
    public static partial void TokenIssued(ILogger logger, string tokenId, string tokenName, string scopes, string issuedBy);

    [LoggerMessage(EventId = 102, Level = LogLevel.Information, Message = "Revoked token {TokenId}")]
    public static partial void TokenRevoked(ILogger logger, string tokenId);

    [LoggerMessage(EventId = 103, Level = LogLevel.Information, Message = "Authentication failed: {Reason}")]
    public static partial void AuthenticationFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 104, Level = LogLevel.Debug, Message = "Authentication failed: {Reason}")]
    public static partial void NoCredentials(ILogger logger, string reason);

    [LoggerMessage(EventId = 105, Level = LogLevel.Warning, Message = "Could not record the last use of token {TokenId} ({Reason}); the request goes on")]
    public static partial void LastUsedNotRecorded(ILogger logger, string tokenId, string reason);

    [LoggerMessage(EventId = 106, Level = LogLevel.Information, Message = "API key authentication is on")]
    public static partial void ApiKeyOn(ILogger logger);

    [LoggerMessage(EventId = 107, Level = LogLevel.Information, Message = "API key authentication is off: McpOrchestrator__ApiKey is not set")]
    public static partial void ApiKeyOff(ILogger logger);

    [LoggerMessage(EventId = 108, Level = LogLevel.Warning, Message = "The API key in McpOrchestrator__ApiKey is shorter than {MinimumLength} characters; use a random key of at least 32")]
    public static partial void ApiKeyShort(ILogger logger, int minimumLength);
}
