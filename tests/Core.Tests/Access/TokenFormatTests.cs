using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using McpOrchestrator.Core.Access;

namespace McpOrchestrator.Core.Tests.Access;

public sealed class TokenFormatTests
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    [Fact]
    public void Generate_IsPrefixBodyAndChecksum_InTheBase64UrlAlphabet()
    {
        var token = TokenFormat.Generate();

        Assert.Equal(54, token.Length);
        Assert.StartsWith("mcpo_", token, StringComparison.Ordinal);
        Assert.Matches("^mcpo_[A-Za-z0-9_-]{49}$", token);
        Assert.Equal(32, Base64Url.DecodeFromChars(token.AsSpan(5, 43)).Length);
        Assert.True(TokenFormat.IsWellFormed(token));
    }

    [Fact]
    public void Generate_ChecksumIsTheBigEndianCrc32OfPrefixAndBody()
    {
        var token = TokenFormat.Generate();

        var crc = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, TokenFormat.Crc32(Encoding.ASCII.GetBytes(token[..48])));
        Assert.Equal(Base64Url.EncodeToString(crc), token[48..]);
    }

    [Fact]
    public void Crc32_MatchesZlib() =>
        Assert.Equal(0xCBF43926u, TokenFormat.Crc32("123456789"u8));

    [Fact]
    public void Generate_ManyTimes_NeverRepeats()
    {
        var tokens = Enumerable.Range(0, 2000).Select(_ => TokenFormat.Generate()).ToList();

        Assert.Equal(tokens.Count, tokens.Distinct(StringComparer.Ordinal).Count());
        Assert.All(tokens, token => Assert.True(TokenFormat.IsWellFormed(token)));
    }

    [Fact]
    public void IsWellFormed_AnythingButTheExactFormat_IsRejected()
    {
        var token = TokenFormat.Generate();
        var cases = new Dictionary<string, string>
        {
            ["empty"] = string.Empty,
            ["prefix only"] = "mcpo_",
            ["one short"] = token[..^1],
            ["one long"] = token + "A",
            ["trailing space"] = token + " ",
            ["leading space"] = " " + token,
            ["trailing newline"] = token + "\n",
            ["inner space"] = token[..20] + " " + token[21..],
            ["uppercase prefix"] = "MCPO_" + token[5..],
            ["other prefix"] = "mcpx_" + token[5..],
            ["standard base64 +"] = token[..10] + "+" + token[11..],
            ["standard base64 /"] = token[..10] + "/" + token[11..],
            ["padding"] = token[..^1] + "=",
            ["non-ASCII letter"] = token[..10] + "é" + token[11..],
            ["fullwidth digit"] = token[..10] + "１" + token[11..],
            ["body without checksum"] = token[..48],
            ["checksum of another token"] = token[..48] + TokenFormat.Generate()[48..],
        };

        foreach (var (name, value) in cases)
        {
            Assert.False(TokenFormat.IsWellFormed(value), name);
        }
    }

    [Fact]
    public void IsWellFormed_AnySingleCharacterChanged_IsRejected()
    {
        var token = TokenFormat.Generate();
        var checkedCount = 0;
        for (var i = 0; i < token.Length; i++)
        {
            foreach (var replacement in Alphabet.Where(c => c != token[i]))
            {
                var changed = token[..i] + replacement + token[(i + 1)..];
                Assert.False(TokenFormat.IsWellFormed(changed), $"position {i} → '{replacement}'");
                checkedCount++;
            }
        }

        Assert.Equal(54 * 63, checkedCount);
    }

    [Fact]
    public void IsWellFormed_TwoAdjacentCharactersSwapped_IsRejected()
    {
        var token = TokenFormat.Generate();
        for (var i = 5; i < token.Length - 1; i++)
        {
            if (token[i] != token[i + 1])
            {
                var swapped = token[..i] + token[i + 1] + token[i] + token[(i + 2)..];
                Assert.False(TokenFormat.IsWellFormed(swapped), $"swap at {i}");
            }
        }
    }

    [Fact]
    public void Hash_IsLowercaseHexSha256OfTheWholeToken()
    {
        var token = TokenFormat.Generate();

        var hash = TokenFormat.Hash(token);

        Assert.Matches("^[0-9a-f]{64}$", hash);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token))), hash);
        Assert.NotEqual(hash, TokenFormat.Hash(token[..^1] + (token[^1] == 'A' ? 'B' : 'A')));
    }

    [Fact]
    public void Ids_AreTokPrefixAnd16LowercaseHex()
    {
        var id = TokenFormat.NewId();

        Assert.Matches("^tok_[0-9a-f]{16}$", id);
        Assert.True(TokenFormat.IsWellFormedId(id));
        Assert.NotEqual(id, TokenFormat.NewId());
        Assert.False(TokenFormat.IsWellFormedId(id.ToUpperInvariant()));
        Assert.False(TokenFormat.IsWellFormedId(id + "0"));
        Assert.False(TokenFormat.IsWellFormedId("tok_' or Id ne '"));
        Assert.False(TokenFormat.IsWellFormedId(null));
    }
}
