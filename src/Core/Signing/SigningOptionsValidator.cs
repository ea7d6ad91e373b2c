using System.Globalization;
using Microsoft.Extensions.Options;

namespace McpOrchestrator.Core.Signing;

/// <summary>Refuses a key-encryption key that is not base64 of exactly 32 bytes, naming the setting and how to make
/// one; the value itself never appears in the message.</summary>
internal sealed class SigningOptionsValidator : IValidateOptions<SigningOptions>
{
    private const string Fix = "Generate one with `openssl rand -base64 32` (or remove the setting to store signing keys unencrypted).";

    public ValidateOptionsResult Validate(string? name, SigningOptions options)
    {
        if (!options.EncryptionEnabled)
        {
            return ValidateOptionsResult.Success;
        }

        var text = options.KeyEncryptionKey!.Trim();
        var buffer = new byte[text.Length];
        if (!Convert.TryFromBase64String(text, buffer, out var written))
        {
            return ValidateOptionsResult.Fail(
                $"{SigningOptions.KeyEncryptionKeyEnvironmentName} is not valid base64. It must be a base64-encoded {SigningOptions.KeyEncryptionKeyBytes}-byte key. {Fix}");
        }

        if (written != SigningOptions.KeyEncryptionKeyBytes)
        {
            return ValidateOptionsResult.Fail(
                $"{SigningOptions.KeyEncryptionKeyEnvironmentName} decodes to {written.ToString(CultureInfo.InvariantCulture)} bytes; it must be a base64-encoded {SigningOptions.KeyEncryptionKeyBytes}-byte (AES-256) key. {Fix}");
        }

        return ValidateOptionsResult.Success;
    }
}
