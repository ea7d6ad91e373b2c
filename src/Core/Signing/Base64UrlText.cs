namespace McpOrchestrator.Core.Signing;

/// <summary>Unpadded base64url (RFC 7515 §2) as JOSE uses it: encode, and decode strictly (only the 64 URL-safe
/// characters; no padding, whitespace or other characters).</summary>
internal static class Base64UrlText
{
    public static string Encode(ReadOnlySpan<byte> bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);

    public static byte[]? TryDecode(ReadOnlySpan<char> text)
    {
        if (text.Length % 4 == 1)
        {
            return null;
        }

        foreach (var c in text)
        {
            if (c is not ((>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_'))
            {
                return null;
            }
        }

        try
        {
            return System.Buffers.Text.Base64Url.DecodeFromChars(text);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
