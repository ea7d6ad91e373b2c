namespace McpOrchestrator.Cli.Verification;

/// <summary>Why an artifact was refused.</summary>
public enum VerificationFailure
{
    /// <summary>The response or the JWS is not what the service sends (missing parts, not ES256).</summary>
    Malformed,

    /// <summary>The JWS names a <c>kid</c> that the service's JWKS does not hold, or holds under a thumbprint that is
    /// not that kid.</summary>
    UnknownKey,

    /// <summary>The JWS is signed by another key than the one pinned for this service, and <c>--trust-key</c> was not
    /// given.</summary>
    KeyChanged,

    /// <summary>The signature does not verify.</summary>
    BadSignature,

    /// <summary>The payload does not hash to the signed artifactId.</summary>
    ArtifactIdMismatch,

    /// <summary>The signed client, profile or version is not the one asked for or served.</summary>
    ClaimsMismatch,
}
