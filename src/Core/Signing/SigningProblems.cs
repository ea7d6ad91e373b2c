using McpOrchestrator.Core.Problems;

namespace McpOrchestrator.Core.Signing;

/// <summary>The problems of signing keys: 409 <c>keys_not_initialized</c> (signing requested before any key exists),
/// 409 <c>keys_already_initialized</c> (initialise without <c>rotate</c> when a key exists), 503
/// <c>signing_key_unavailable</c> (the current key is encrypted under a key-encryption key the service does not
/// have).</summary>
public static class SigningProblems
{
    public static Problem KeysNotInitialized() => new()
    {
        Status = 409,
        Code = "keys_not_initialized",
        Title = "Signing keys not initialized",
        Detail = "No signing key exists yet, so nothing can be signed or published. An administrator creates one with POST /v1/keys/initialize (scope admin); then publish again.",
    };

    public static Problem KeysAlreadyInitialized(string currentKeyId) => new()
    {
        Status = 409,
        Code = "keys_already_initialized",
        Title = "Signing keys already initialized",
        Detail = $"A signing key already exists (kid '{currentKeyId}'; GET /v1/keys lists the public keys). To replace it, send {{\"rotate\": true}}: the new key signs from then on and the old one stays available for verification.",
        Extensions = new Dictionary<string, object?> { ["keyId"] = currentKeyId },
    };

    internal static Problem SigningKeyUnavailable(string reason) => new()
    {
        Status = 503,
        Code = "signing_key_unavailable",
        Title = "Signing key unavailable",
        Detail = reason,
        Headers = new Dictionary<string, string>
        {
            ["Retry-After"] = Problems.Problems.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        },
    };
}
