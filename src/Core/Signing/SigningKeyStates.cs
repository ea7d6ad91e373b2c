namespace McpOrchestrator.Core.Signing;

/// <summary>The states of a signing key: the one <see cref="Current"/> key signs; <see cref="Retired"/> keys (replaced
/// by a rotation) stay in the JWKS so that what they signed still verifies.</summary>
public static class SigningKeyStates
{
    public const string Current = "current";
    public const string Retired = "retired";
}
