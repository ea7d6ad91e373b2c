namespace McpOrchestrator.Core.Signing;

/// <summary>The outcome of verifying a JWS: valid with the key that signed it and the payload, or invalid with the
/// check that failed (<see cref="Error"/>) and, when the header named one, the key id.</summary>
public sealed record JwsVerificationResult
{
    public required bool IsValid { get; init; }

    public string? KeyId { get; init; }

    /// <summary>The verified payload bytes; empty unless <see cref="IsValid"/>.</summary>
    public ReadOnlyMemory<byte> Payload { get; init; }

    public string? Error { get; init; }

    internal static JwsVerificationResult Success(string keyId, byte[] payload) => new() { IsValid = true, KeyId = keyId, Payload = payload };

    internal static JwsVerificationResult Fail(string error, string? keyId = null) => new() { IsValid = false, KeyId = keyId, Error = error };
}
