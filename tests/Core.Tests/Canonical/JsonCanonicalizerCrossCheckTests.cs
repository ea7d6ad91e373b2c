using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using McpOrchestrator.Core.Canonical;

namespace McpOrchestrator.Core.Tests.Canonical;

/// <summary>
/// The canonicalizer against an independent implementation: Node.js, whose <c>String(number)</c> and
/// <c>JSON.stringify</c> are the ECMAScript algorithms RFC 8785 is defined by. A generated corpus of doubles (random
/// bit patterns, subnormals, integers around 2^53, short decimals, every power of ten and its neighbours) and of
/// random documents (nested, with control characters, non-BMP characters and awkward keys) must come out identical.
/// </summary>
public sealed class JsonCanonicalizerCrossCheckTests
{
    private const string Script = "tests/Core.Tests/Canonical/jcs-reference.mjs";

    [Fact]
    public async Task FormatNumber_GeneratedCorpus_MatchesEcmaScript()
    {
        var corpus = NumberCorpus(new Random(8785)).ToList();

        var output = await NodeScript.RunAsync(Script, "numbers", string.Join('\n', corpus.Select(Hex)) + "\n");

        var expected = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(corpus.Count, expected.Length);
        var mismatches = corpus
            .Select((value, i) => (Hex: Hex(value), Node: expected[i], Ours: JsonCanonicalizer.FormatNumber(value)))
            .Where(row => row.Node != row.Ours)
            .Take(20)
            .ToList();
        Assert.True(mismatches.Count == 0, $"{mismatches.Count}+ of {corpus.Count} numbers differ from node:\n" + string.Join('\n', mismatches));
        Assert.True(corpus.Count > 40_000, $"The corpus has only {corpus.Count} numbers.");
    }

    [Fact]
    public async Task Canonicalize_GeneratedDocuments_MatchEcmaScript()
    {
        var random = new Random(20251120);
        var documents = Enumerable.Range(0, 400).Select(_ => RandomValue(random, depth: 0)?.ToJsonString() ?? "null").ToList();

        var output = await NodeScript.RunAsync(Script, "documents", JsonSerializer.Serialize(documents));

        var expected = JsonSerializer.Deserialize<string[]>(output)!;
        Assert.Equal(documents.Count, expected.Length);
        for (var i = 0; i < documents.Count; i++)
        {
            using var parsed = JsonDocument.Parse(documents[i]);
            var ours = Encoding.UTF8.GetString(JsonCanonicalizer.Canonicalize(parsed.RootElement));
            Assert.True(expected[i] == ours, $"Document {i} differs from node.\ninput: {documents[i]}\nnode:  {expected[i]}\nours:  {ours}");
        }
    }

    private static string Hex(double value) => BitConverter.DoubleToInt64Bits(value).ToString("x16", CultureInfo.InvariantCulture);

    private static IEnumerable<double> NumberCorpus(Random random)
    {
        // Random bit patterns: every exponent, every mantissa shape (NaN and infinities excluded).
        for (var i = 0; i < 20_000; i++)
        {
            var value = BitConverter.Int64BitsToDouble(random.NextInt64(long.MinValue, long.MaxValue));
            if (double.IsFinite(value))
            {
                yield return value;
            }
        }

        // Subnormals and the smallest normals.
        for (var i = 0; i < 2_000; i++)
        {
            yield return BitConverter.Int64BitsToDouble(random.NextInt64(1, 1L << 53));
        }

        // Integers: small, around 2^53, and beyond (where the shortest form gains trailing zeros).
        for (var i = 0; i < 4_000; i++)
        {
            yield return random.NextInt64(-1_000_000, 1_000_000);
            yield return (1L << 53) - random.NextInt64(0, 1000);
            yield return random.NextInt64(1L << 53, long.MaxValue);
            yield return Math.ScaleB(random.NextInt64(1, 1L << 53), random.Next(1, 70));
        }

        // Short decimals as people write them: 1 to 17 significant digits at every magnitude.
        for (var i = 0; i < 8_000; i++)
        {
            var digits = random.NextInt64(1, 100_000_000_000_000_000).ToString("D17", CultureInfo.InvariantCulture)[..random.Next(1, 18)];
            var text = digits + "e" + random.Next(-330, 310).ToString(CultureInfo.InvariantCulture);
            var value = double.Parse(text, CultureInfo.InvariantCulture);
            if (double.IsFinite(value))
            {
                yield return random.Next(2) == 0 ? value : -value;
            }
        }

        // Every power of ten and its neighbours, where the notation switches (1e-7, 1e21) and rounding is closest.
        for (var exponent = -325; exponent <= 308; exponent++)
        {
            var value = double.Parse("1e" + exponent.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
            yield return value;
            yield return Math.BitIncrement(value);
            yield return Math.BitDecrement(value);
            yield return -value;
        }

        yield return double.Epsilon;
        yield return double.MaxValue;
        yield return double.MinValue;
        yield return -0.0;
        yield return 0.1 + 0.2;
    }

    private static readonly string[] Fragments =
    [
        "a", "b", "A", "z", "0", "1", "10", "2", "", " ", "_", "-", "\"", "\\", "/", "\u0000", "\u0001", "\b", "\t", "\n", "\f", "\r", "\u001f",
        "\u007f", "\u0080", "\u00e9", "\u00f6", "\u20ac", "\u2028", "\u2029", "\ufb33", "\ufeff", "\uffff", "😀", "𝄞", "中文", "ключ", "$ref", "__proto__",
    ];

    private static JsonNode? RandomValue(Random random, int depth)
    {
        var kind = depth >= 4 ? random.Next(2, 7) : random.Next(0, 7);
        switch (kind)
        {
            case 0:
                var obj = new JsonObject();
                for (var i = random.Next(0, 6); i > 0; i--)
                {
                    obj[RandomString(random)] = RandomValue(random, depth + 1);
                }

                return obj;
            case 1:
                var array = new JsonArray();
                for (var i = random.Next(0, 6); i > 0; i--)
                {
                    array.Add(RandomValue(random, depth + 1));
                }

                return array;
            case 2:
                return JsonValue.Create(RandomString(random));
            case 3:
                double number;
                do
                {
                    number = random.Next(3) switch
                    {
                        0 => BitConverter.Int64BitsToDouble(random.NextInt64(long.MinValue, long.MaxValue)),
                        1 => random.NextInt64(-(1L << 53), 1L << 53),
                        _ => Math.Round(random.NextDouble() * 1000, random.Next(0, 6)),
                    };
                }
                while (!double.IsFinite(number));

                return JsonValue.Create(number);
            case 4:
                return JsonValue.Create(random.Next(2) == 0);
            case 5:
                return null;
            default:
                return JsonValue.Create(random.NextInt64(-1000, 1000));
        }
    }

    private static string RandomString(Random random)
    {
        var text = new StringBuilder();
        for (var i = random.Next(0, 5); i > 0; i--)
        {
            text.Append(Fragments[random.Next(Fragments.Length)]);
        }

        return text.ToString();
    }
}
