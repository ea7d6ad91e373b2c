using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace McpOrchestrator.Core.Registry;

/// <summary>The id rule shared by clients, profiles, registry servers and draft entry names:
/// <c>^[a-z0-9][a-z0-9._-]{0,63}$</c>. Such an id is safe as a table key and in a URL path, and cannot climb out of a
/// path (<c>../</c> does not match).</summary>
public static partial class Ids
{
    public const string Pattern = "^[a-z0-9][a-z0-9._-]{0,63}$";

    public static bool IsValid([NotNullWhen(true)] string? value) => value is not null && IdRegex().IsMatch(value);

    // \z rather than $: $ also matches before a final line feed, which would let "abc\n" through.
    [GeneratedRegex(@"^[a-z0-9][a-z0-9._-]{0,63}\z", RegexOptions.CultureInvariant)]
    private static partial Regex IdRegex();
}
