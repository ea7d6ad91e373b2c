using System.Text.RegularExpressions;
using McpOrchestrator.Core.Drafts;

namespace McpOrchestrator.Core.Validation;

/// <summary>Recognises credentials written literally: GitHub tokens (<c>ghp_</c>, <c>gho_</c>, <c>ghu_</c>,
/// <c>ghs_</c>, <c>ghr_</c>, <c>github_pat_</c>), OpenAI and Anthropic keys (<c>sk-</c>), Stripe keys
/// (<c>sk_live_</c> …), AWS access key ids (<c>AKIA</c>/<c>ASIA</c>), Slack tokens (<c>xoxb-</c>, <c>xoxp-</c>,
/// <c>xoxa-</c>, <c>xoxs-</c>), Google API keys (<c>AIza</c>), and, where asked, long high-entropy strings.
/// References (<c>${secret:NAME}</c>) are not literals and are ignored.</summary>
public static partial class SecretScanner
{
    public const int MinEntropyLength = 20;
    public const double MinEntropyBitsPerChar = 3.5;

    /// <summary>What kind of secret <paramref name="value"/> holds ("a GitHub token"), or null.</summary>
    public static string? Detect(string? value, bool includeHighEntropy)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        var literal = References.StripReferences(value);
        if (GitHub().IsMatch(literal))
        {
            return "a GitHub token";
        }

        if (OpenAi().IsMatch(literal))
        {
            return "an OpenAI or Anthropic API key";
        }

        if (Stripe().IsMatch(literal))
        {
            return "a Stripe secret key";
        }

        if (Aws().IsMatch(literal))
        {
            return "an AWS access key id";
        }

        if (Slack().IsMatch(literal))
        {
            return "a Slack token";
        }

        if (Google().IsMatch(literal))
        {
            return "a Google API key";
        }

        return includeHighEntropy && literal.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Any(IsHighEntropy)
            ? "a long random-looking string"
            : null;
    }

    /// <summary>A token of at least <see cref="MinEntropyLength"/> token characters, mixing letters and digits (three
    /// character classes, or hex of 32+), with at least <see cref="MinEntropyBitsPerChar"/> bits of Shannon entropy
    /// per character. Paths and URLs are not tokens.</summary>
    public static bool IsHighEntropy(string token)
    {
        if (token.Length < MinEntropyLength || !TokenCharacters().IsMatch(token) || token.Contains("://", StringComparison.Ordinal)
            || token[0] is '/' or '~' or '.' || token.Count(c => c == '/') > 2)
        {
            return false;
        }

        var lower = token.Any(char.IsAsciiLetterLower);
        var upper = token.Any(char.IsAsciiLetterUpper);
        var digit = token.Any(char.IsAsciiDigit);
        var hex = token.Length >= 32 && digit && token.All(char.IsAsciiHexDigit);
        if (!(lower && upper && digit) && !hex)
        {
            return false;
        }

        var entropy = 0.0;
        foreach (var group in token.GroupBy(c => c))
        {
            var p = (double)group.Count() / token.Length;
            entropy -= p * Math.Log2(p);
        }

        return entropy >= MinEntropyBitsPerChar;
    }

    [GeneratedRegex(@"\b(gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{22,})", RegexOptions.CultureInvariant)]
    private static partial Regex GitHub();

    [GeneratedRegex(@"\bsk-[A-Za-z0-9_-]{20,}", RegexOptions.CultureInvariant)]
    private static partial Regex OpenAi();

    [GeneratedRegex(@"\b[sr]k_(live|test)_[A-Za-z0-9]{16,}", RegexOptions.CultureInvariant)]
    private static partial Regex Stripe();

    [GeneratedRegex(@"\b(AKIA|ASIA)[0-9A-Z]{16}\b", RegexOptions.CultureInvariant)]
    private static partial Regex Aws();

    [GeneratedRegex(@"\bxox[bpas]-[A-Za-z0-9-]{10,}", RegexOptions.CultureInvariant)]
    private static partial Regex Slack();

    [GeneratedRegex(@"\bAIza[0-9A-Za-z_-]{35}", RegexOptions.CultureInvariant)]
    private static partial Regex Google();

    [GeneratedRegex(@"^[A-Za-z0-9+/=_\-.~:]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex TokenCharacters();
}
