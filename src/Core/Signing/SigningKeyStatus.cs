namespace McpOrchestrator.Core.Signing;

/// <summary>
/// The signing state <c>/health</c> reports. <see cref="Present"/>: a current key exists. <see cref="Encrypted"/>:
/// its private key is stored encrypted. <see cref="EncryptionConfigured"/>: a key-encryption key is set.
/// <see cref="Usable"/>: the service can sign with it now (false when it is encrypted under a key-encryption key
/// that is missing or different). <see cref="Detail"/> says what to do when something is off.
/// </summary>
public sealed record SigningKeyStatus
{
    public required bool Present { get; init; }

    public required bool Encrypted { get; init; }

    public required bool EncryptionConfigured { get; init; }

    public required bool Usable { get; init; }

    public string? KeyId { get; init; }

    public string? Detail { get; init; }
}
