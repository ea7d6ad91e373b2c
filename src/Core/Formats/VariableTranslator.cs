using System.Text.RegularExpressions;
using McpOrchestrator.Core.Clients;

namespace McpOrchestrator.Core.Formats;

/// <summary>Rewrites <c>${env:NAME}</c> references between the orchestrator's syntax and a client's
/// (<see cref="VariableSyntax"/>). <c>${secret:NAME}</c> and anything else pass through unchanged. A value is carried
/// by a client exactly when translating it there and back gives it back (<see cref="IsCarried"/>): a literal that the
/// client would itself read as a reference (<c>${HOME}</c> for Claude Code, <c>$HOME</c> for Gemini CLI) is not.</summary>
internal static partial class VariableTranslator
{
    public static string ToClient(string value, VariableSyntax syntax) => syntax switch
    {
        VariableSyntax.DollarBrace or VariableSyntax.DollarBraceOrBare => EnvReference().Replace(value, "$${$1}"),
        VariableSyntax.BraceEnvColon => EnvReference().Replace(value, "{env:$1}"),
        _ => value,
    };

    public static string FromClient(string value, VariableSyntax syntax) => syntax switch
    {
        VariableSyntax.DollarBrace => DollarBrace().Replace(value, "$${env:$1}"),
        VariableSyntax.DollarBraceOrBare => DollarBraceOrBare().Replace(value, m => "${env:" + (m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value) + "}"),
        VariableSyntax.BraceEnvColon => BraceEnvColon().Replace(value, "$${env:$1}"),
        _ => value,
    };

    public static bool IsCarried(string value, VariableSyntax syntax) =>
        string.Equals(FromClient(ToClient(value, syntax), syntax), value, StringComparison.Ordinal);

    /// <summary>The variable name when <paramref name="value"/> is exactly one <c>${env:NAME}</c> reference.</summary>
    public static string? WholeEnvReference(string value)
    {
        var match = EnvReference().Match(value);
        return match.Success && match.Index == 0 && match.Length == value.Length ? match.Groups[1].Value : null;
    }

    public static bool IsVariableName(string name) => VariableName().IsMatch(name);

    [GeneratedRegex(@"\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}", RegexOptions.CultureInvariant)]
    private static partial Regex EnvReference();

    [GeneratedRegex(@"\$\{([A-Za-z_][A-Za-z0-9_]*)\}", RegexOptions.CultureInvariant)]
    private static partial Regex DollarBrace();

    [GeneratedRegex(@"\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)", RegexOptions.CultureInvariant)]
    private static partial Regex DollarBraceOrBare();

    [GeneratedRegex(@"\{env:([A-Za-z_][A-Za-z0-9_]*)\}", RegexOptions.CultureInvariant)]
    private static partial Regex BraceEnvColon();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*\z", RegexOptions.CultureInvariant)]
    private static partial Regex VariableName();
}
