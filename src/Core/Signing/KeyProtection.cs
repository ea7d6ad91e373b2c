using System.Security.Cryptography;
using System.Text;
using McpOrchestrator.Core.Problems;

namespace McpOrchestrator.Core.Signing;

/// <summary>
/// Seals private signing keys for storage: AES-256-GCM under the key-encryption key, a fresh 12-byte nonce per key,
/// the key id as associated data (so a sealed key moved to another row does not open), stored as
/// nonce ‖ ciphertext ‖ tag. Without a key-encryption key the scalar is stored as is.
/// </summary>
internal static class KeyProtection
{
    public const string AesGcm = "aes-256-gcm";
    public const string None = "none";

    private const int NonceBytes = 12;
    private const int TagBytes = 16;

    public static (byte[] Stored, string Protection, string? KekId) Protect(ReadOnlySpan<byte> privateKey, byte[]? kek, string keyId)
    {
        if (kek is null)
        {
            return (privateKey.ToArray(), None, null);
        }

        var stored = new byte[NonceBytes + privateKey.Length + TagBytes];
        var nonce = stored.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new System.Security.Cryptography.AesGcm(kek, TagBytes);
        aes.Encrypt(nonce, privateKey, stored.AsSpan(NonceBytes, privateKey.Length), stored.AsSpan(NonceBytes + privateKey.Length), AssociatedData(keyId));
        return (stored, AesGcm, KekIdOf(kek));
    }

    /// <summary>The private scalar of <paramref name="record"/>; the caller zeroes it after use.</summary>
    /// <exception cref="ProblemException">503 <c>signing_key_unavailable</c> when it is sealed and <paramref name="kek"/> is missing or not the key it
    /// was sealed under, or the row is damaged.</exception>
    public static byte[] Unprotect(SigningKeyRecord record, byte[]? kek)
    {
        switch (record.Protection)
        {
            case None:
                return record.PrivateKey.ToArray();
            case AesGcm:
                if (kek is null)
                {
                    throw Unavailable(
                        $"Signing key '{record.KeyId}' is stored encrypted, but {SigningOptions.KeyEncryptionKeyEnvironmentName} is not set. Set it to the key-encryption key the signing key was created under, or create a new signing key with POST /v1/keys/initialize {{\"rotate\": true}}.");
                }

                if (record.KekId is not null && !string.Equals(record.KekId, KekIdOf(kek), StringComparison.Ordinal))
                {
                    throw Unavailable(
                        $"Signing key '{record.KeyId}' was encrypted under a different key-encryption key than the one in {SigningOptions.KeyEncryptionKeyEnvironmentName}. Restore the key-encryption key it was created under, or create a new signing key with POST /v1/keys/initialize {{\"rotate\": true}}.");
                }

                var stored = record.PrivateKey;
                if (stored.Length <= NonceBytes + TagBytes)
                {
                    throw Unavailable($"The stored private key of signing key '{record.KeyId}' is damaged. Create a new signing key with POST /v1/keys/initialize {{\"rotate\": true}}.");
                }

                var length = stored.Length - NonceBytes - TagBytes;
                var plain = new byte[length];
                try
                {
                    using var aes = new System.Security.Cryptography.AesGcm(kek, TagBytes);
                    aes.Decrypt(stored.AsSpan(0, NonceBytes), stored.AsSpan(NonceBytes, length), stored.AsSpan(NonceBytes + length), plain, AssociatedData(record.KeyId));
                    return plain;
                }
                catch (AuthenticationTagMismatchException)
                {
                    CryptographicOperations.ZeroMemory(plain);
                    throw Unavailable(
                        $"The stored private key of signing key '{record.KeyId}' does not decrypt with the key-encryption key in {SigningOptions.KeyEncryptionKeyEnvironmentName} (a different key, or a damaged row). Restore the key-encryption key it was created under, or create a new signing key with POST /v1/keys/initialize {{\"rotate\": true}}.");
                }

            default:
                throw Unavailable(
                    $"Signing key '{record.KeyId}' is stored with protection '{record.Protection}', which this version does not know. Create a new signing key with POST /v1/keys/initialize {{\"rotate\": true}}.");
        }
    }

    /// <summary>A short, non-secret name of a key-encryption key (a truncated hash under a fixed label), stored
    /// with each sealed key so that "wrong key-encryption key" can be told apart from "damaged row".</summary>
    public static string KekIdOf(byte[] kek)
    {
        var label = "mcp-orchestrator/kek-id/"u8;
        var input = new byte[label.Length + kek.Length];
        label.CopyTo(input);
        kek.CopyTo(input, label.Length);
        var hash = SHA256.HashData(input);
        CryptographicOperations.ZeroMemory(input);
        return Base64UrlText.Encode(hash.AsSpan(0, 9));
    }

    private static byte[] AssociatedData(string keyId) => Encoding.UTF8.GetBytes("mcp-orchestrator/signing-key/" + keyId);

    /// <summary>The private key cannot be recovered; the detail says why and how to fix it, and holds no key material.</summary>
    private static ProblemException Unavailable(string reason) => new(SigningProblems.SigningKeyUnavailable(reason));
}
