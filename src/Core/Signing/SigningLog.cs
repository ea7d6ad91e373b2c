using Microsoft.Extensions.Logging;

namespace McpOrchestrator.Core.Signing;

/// <summary>Log events of signing. Key ids (public thumbprints) only: never a private key, a key-encryption key or
/// anything derived from them.</summary>
internal static partial class SigningLog
{
    [LoggerMessage(EventId = 601, Level = LogLevel.Information, Message = "Signing key {KeyId} created (ES256, private key {Protection})")]
    public static partial void KeyCreated(ILogger logger, string keyId, string protection);

    [LoggerMessage(EventId = 602, Level = LogLevel.Information, Message = "Signing key rotated: {KeyId} is current, {RetiredKeyId} is retired and kept for verification")]
    public static partial void KeyRotated(ILogger logger, string keyId, string retiredKeyId);

    [LoggerMessage(EventId = 603, Level = LogLevel.Warning, Message = "McpOrchestrator__KeyEncryptionKey is not set: private signing keys are stored unencrypted in Table Storage. Set it to a base64 32-byte key (openssl rand -base64 32), then rotate the key with POST /v1/keys/initialize {{\"rotate\": true}}")]
    public static partial void EncryptionOff(ILogger logger);

    [LoggerMessage(EventId = 604, Level = LogLevel.Information, Message = "Private signing keys are encrypted at rest with AES-256-GCM under McpOrchestrator__KeyEncryptionKey")]
    public static partial void EncryptionOn(ILogger logger);

    [LoggerMessage(EventId = 605, Level = LogLevel.Debug, Message = "Another instance changed the signing keys at the same time (attempt {Attempt}); reading them again")]
    public static partial void KeyWriteConflict(ILogger logger, int attempt);

    [LoggerMessage(EventId = 606, Level = LogLevel.Error, Message = "Cannot sign with key {KeyId}: {Reason}")]
    public static partial void KeyUnusable(ILogger logger, string keyId, string reason);
}
