using System.Text.RegularExpressions;

namespace McpOrchestrator.Core.Drafts;

/// <summary>Value references: <c>${env:NAME}</c> (an environment variable of the machine that runs the client) and
/// <c>${secret:NAME}</c> (a secret the deploying side supplies), NAME matching <c>^[A-Za-z_][A-Za-z0-9_]*$</c>. They
/// may stand alone or inside a longer value (<c>Bearer ${secret:TOKEN}</c>); any other <c>${</c> is a syntax error,
/// so a typo never ships as a literal. This is the one parser of them: drafts and the registry check them here, and
/// the MCP connector resolves them through <see cref="Replace"/>.</summary>
public static partial class References
{
    public const string EnvKind = "env";
    public const string SecretKind = "secret";

    public static bool Contains(string? value) => value is not null && Reference().IsMatch(value);

    /// <summary>Null when every <c>${</c> in <paramref name="value"/> starts a well-formed reference; otherwise what is
    /// wrong, as a sentence fragment.</summary>
    public static string? FindSyntaxError(string? value)
    {
        if (value is null || !value.Contains("${", StringComparison.Ordinal))
        {
            return null;
        }

        var remainder = Reference().Replace(value, string.Empty);
        return remainder.Contains("${", StringComparison.Ordinal)
            ? "has a malformed reference: write ${env:NAME} or ${secret:NAME}, NAME being letters, digits and underscores"
            : null;
    }

    /// <summary>The value with every reference removed: what is left is literal text.</summary>
    public static string StripReferences(string value) => Reference().Replace(value, " ");

    /// <summary>Every reference in the value as (kind, name).</summary>
    public static IEnumerable<(string Kind, string Name)> Find(string? value) =>
        value is null ? [] : Reference().Matches(value).Select(m => (m.Groups[1].Value, m.Groups[2].Value));

    /// <summary>The value with every reference replaced by what <paramref name="replacement"/> gives for it (kind,
    /// name, the reference as written); text around and between references is kept.</summary>
    public static string Replace(string value, Func<string, string, string, string> replacement)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(replacement);
        return Reference().Replace(value, match => replacement(match.Groups[1].Value, match.Groups[2].Value, match.Value));
    }

    public static string Env(string name) => "${" + EnvKind + ":" + name + "}";

    public static string Secret(string name) => "${" + SecretKind + ":" + name + "}";

    [GeneratedRegex(@"\$\{(env|secret):([A-Za-z_][A-Za-z0-9_]{0,127})\}", RegexOptions.CultureInvariant)]
    private static partial Regex Reference();
}
