using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace McpOrchestrator.Core.Access;

/// <summary>
/// The format of API token secrets and ids: generation, the offline format check, and the hash that is stored.
/// <para>
/// A secret is <c>mcpo_</c> + <i>body</i> + <i>checksum</i>, 54 ASCII characters in all:
/// <i>body</i> is the unpadded base64url (RFC 4648 §5) of 32 bytes from <see cref="RandomNumberGenerator"/>
/// (43 characters); <i>checksum</i> is the unpadded base64url of the big-endian CRC-32 (IEEE 802.3, the CRC of
/// zlib's <c>crc32</c> and Python's <c>binascii.crc32</c>) of the ASCII bytes of <c>mcpo_</c> + <i>body</i>
/// (6 characters). A secret scanner matches <c>mcpo_[A-Za-z0-9_-]{49}</c> and can confirm a hit with the checksum;
/// a client can reject a mistyped or truncated token without calling the service. The checksum is not a
/// secret and adds no strength: the 256 random bits do.
/// </para>
/// <para>The service stores only <see cref="Hash"/> of a secret: the lowercase hex SHA-256 of its UTF-8 bytes.</para>
/// <para>A token id (public, used to list and revoke) is <c>tok_</c> + 16 lowercase hex characters (64 random bits).</para>
/// </summary>
public static class TokenFormat
{
    public const string Prefix = "mcpo_";
    public const int SecretBytes = 32;
    public const int BodyLength = 43;
    public const int ChecksumLength = 6;

    /// <summary>Length of a whole secret: prefix, body and checksum.</summary>
    public const int Length = 5 + BodyLength + ChecksumLength;

    public const string IdPrefix = "tok_";
    public const int IdLength = 4 + 16;

    private static readonly SearchValues<char> LowercaseHex = SearchValues.Create("0123456789abcdef");

    /// <summary>A new random secret.</summary>
    public static string Generate()
    {
        Span<byte> random = stackalloc byte[SecretBytes];
        RandomNumberGenerator.Fill(random);
        var withoutChecksum = Prefix + Base64Url.EncodeToString(random);
        CryptographicOperations.ZeroMemory(random);
        return withoutChecksum + Checksum(withoutChecksum);
    }

    /// <summary>
    /// Whether <paramref name="token"/> has the secret format exactly: the prefix, 49 characters of the base64url
    /// alphabet and a matching checksum. Nothing else is accepted: no surrounding or inner whitespace, no padding.
    /// Reads only the given characters (no storage, no secret), so it is safe to call before anything else.
    /// </summary>
    public static bool IsWellFormed(ReadOnlySpan<char> token)
    {
        if (token.Length != Length || !token.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in token[Prefix.Length..])
        {
            if (!IsBase64UrlChar(c))
            {
                return false;
            }
        }

        Span<char> expected = stackalloc char[ChecksumLength];
        WriteChecksum(token[..^ChecksumLength], expected);
        return token[^ChecksumLength..].SequenceEqual(expected);
    }

    /// <summary>The stored form of a secret: lowercase hex SHA-256 of its UTF-8 bytes (64 characters).</summary>
    public static string Hash(ReadOnlySpan<char> token)
    {
        var byteCount = Encoding.UTF8.GetByteCount(token);
        var bytes = byteCount <= 256 ? stackalloc byte[256] : new byte[byteCount];
        bytes = bytes[..byteCount];
        Encoding.UTF8.GetBytes(token, bytes);
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(bytes, digest);
        CryptographicOperations.ZeroMemory(bytes);
        return Convert.ToHexStringLower(digest);
    }

    /// <summary>A new random token id.</summary>
    public static string NewId() => IdPrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    /// <summary>Whether <paramref name="id"/> has the token id format (<c>tok_</c> + 16 lowercase hex characters).</summary>
    public static bool IsWellFormedId(string? id) =>
        id is { Length: IdLength }
        && id.StartsWith(IdPrefix, StringComparison.Ordinal)
        && id.AsSpan(IdPrefix.Length).IndexOfAnyExcept(LowercaseHex) < 0;

    /// <summary>CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320), as zlib computes it.</summary>
    internal static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFF_FFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc >> 1) ^ (0xEDB8_8320u & (0u - (crc & 1u)));
            }
        }

        return ~crc;
    }

    private static string Checksum(ReadOnlySpan<char> prefixAndBody)
    {
        Span<char> checksum = stackalloc char[ChecksumLength];
        WriteChecksum(prefixAndBody, checksum);
        return new string(checksum);
    }

    /// <summary>Writes the checksum of ASCII text (callers have checked the alphabet) into six characters.</summary>
    private static void WriteChecksum(ReadOnlySpan<char> prefixAndBody, Span<char> destination)
    {
        Span<byte> ascii = stackalloc byte[prefixAndBody.Length];
        for (var i = 0; i < prefixAndBody.Length; i++)
        {
            ascii[i] = (byte)prefixAndBody[i];
        }

        Span<byte> crc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(ascii));
        Base64Url.EncodeToChars(crc, destination);
    }

    private static bool IsBase64UrlChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_';
}
