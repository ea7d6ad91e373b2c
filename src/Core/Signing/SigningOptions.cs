using Microsoft.Extensions.Configuration;

namespace McpOrchestrator.Core.Signing;

/// <summary>
/// Settings of signing. <see cref="KeyEncryptionKey"/> comes from <c>McpOrchestrator:KeyEncryptionKey</c> (app
/// setting <c>McpOrchestrator__KeyEncryptionKey</c>): a base64-encoded 32-byte AES-256 key under which private signing
/// keys are encrypted (AES-256-GCM) in Table Storage. Absent, they are stored unencrypted, and the service says so at
/// start and in <c>/health</c>. Validated at start.
/// </summary>
public sealed class SigningOptions
{
    public const string KeyEncryptionKeySetting = "McpOrchestrator:KeyEncryptionKey";

    /// <summary>The setting as operators write it in app settings and environment variables.</summary>
    public const string KeyEncryptionKeyEnvironmentName = "McpOrchestrator__KeyEncryptionKey";

    /// <summary>Length of the decoded key-encryption key: AES-256.</summary>
    public const int KeyEncryptionKeyBytes = 32;

    /// <summary>The base64 key-encryption key; null, empty or whitespace means "store private keys unencrypted".</summary>
    public string? KeyEncryptionKey { get; set; }

    public bool EncryptionEnabled => !string.IsNullOrWhiteSpace(KeyEncryptionKey);

    /// <summary>The decoded key-encryption key, or null when none is configured or it is not valid base64 of 32 bytes
    /// (the validator refuses such a setting at start).</summary>
    internal byte[]? DecodeKeyEncryptionKey()
    {
        if (!EncryptionEnabled)
        {
            return null;
        }

        var buffer = new byte[KeyEncryptionKey!.Length];
        return Convert.TryFromBase64String(KeyEncryptionKey.Trim(), buffer, out var written) && written == KeyEncryptionKeyBytes
            ? buffer[..written]
            : null;
    }

    internal void Bind(IConfiguration configuration) => KeyEncryptionKey = configuration[KeyEncryptionKeySetting];
}
