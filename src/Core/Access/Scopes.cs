namespace McpOrchestrator.Core.Access;

/// <summary>
/// The scopes a credential can hold, and which scope satisfies which requirement. The implication rule:
/// <list type="table">
/// <listheader><term>held</term><description>grants</description></listheader>
/// <item><term><c>admin</c></term><description><c>admin</c>, <c>write</c>, <c>read</c> (not <c>tools</c>)</description></item>
/// <item><term><c>write</c></term><description><c>write</c>, <c>read</c></description></item>
/// <item><term><c>read</c></term><description><c>read</c></description></item>
/// <item><term><c>tools</c></term><description><c>tools</c> only</description></item>
/// </list>
/// Scope names are lowercase and compared ordinally; an unknown scope grants and is granted by nothing.
/// </summary>
public static class Scopes
{
    public const string Read = "read";
    public const string Write = "write";
    public const string Admin = "admin";
    public const string Tools = "tools";

    /// <summary>Every scope, in canonical order (the order tokens store and list them in).</summary>
    public static IReadOnlyList<string> All { get; } = [Read, Write, Admin, Tools];

    public static bool IsKnown(string? scope) => scope is Read or Write or Admin or Tools;

    /// <summary>Whether any scope in <paramref name="granted"/> satisfies <paramref name="required"/> under the rule above.</summary>
    public static bool Grants(IEnumerable<string> granted, string required)
    {
        ArgumentNullException.ThrowIfNull(granted);
        foreach (var scope in granted)
        {
            if (Implies(scope, required))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The scopes that satisfy <paramref name="required"/>, in canonical order (e.g. <c>read</c>: read, write, admin).</summary>
    public static IReadOnlyList<string> GrantedBy(string required) => [.. All.Where(scope => Implies(scope, required))];

    private static bool Implies(string? held, string? required) => (held, required) switch
    {
        (Admin, Admin or Write or Read) => true,
        (Write, Write or Read) => true,
        (Read, Read) => true,
        (Tools, Tools) => true,
        _ => false,
    };
}
