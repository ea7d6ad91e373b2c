using System.Text.RegularExpressions;

namespace McpOrchestrator.Infra.Tests.Support;

/// <summary>
/// The "Optional settings" table of infra/README.md: the one place that lists the settings the template leaves
/// unset, each with its default. Rows look like <c>| `McpOrchestrator__Mcp__CallTimeout` | `00:00:30` | meaning |</c>;
/// a name ending in <c>__*</c> stands for every setting under that prefix.
/// </summary>
public static partial class OptionalSettingsTable
{
    public const string Heading = "## Optional settings";

    /// <summary>Setting name → default text (without backticks), in table order.</summary>
    public static IReadOnlyDictionary<string, string> Read()
    {
        var lines = File.ReadAllLines(InfraPaths.Readme);
        var start = Array.FindIndex(lines, l => l.Trim() == Heading);
        if (start < 0)
        {
            throw new InvalidOperationException($"infra/README.md has no '{Heading}' section.");
        }

        var rows = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(start + 1).TakeWhile(l => !l.StartsWith("## ", StringComparison.Ordinal)))
        {
            var match = Row().Match(line);
            if (match.Success && !rows.TryAdd(match.Groups["name"].Value, match.Groups["default"].Value.Replace("`", "", StringComparison.Ordinal).Trim()))
            {
                throw new InvalidOperationException($"infra/README.md lists '{match.Groups["name"].Value}' twice.");
            }
        }

        return rows;
    }

    /// <summary>Whether the row named <paramref name="row"/> covers the setting <paramref name="setting"/>.</summary>
    public static bool Covers(string row, string setting) =>
        row.EndsWith("__*", StringComparison.Ordinal)
            ? setting.StartsWith(row[..^1], StringComparison.OrdinalIgnoreCase)
            : string.Equals(row, setting, StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex(@"^\|\s*`(?<name>[A-Za-z0-9_]+(__\*)?)`\s*\|(?<default>[^|]*)\|")]
    private static partial Regex Row();
}
