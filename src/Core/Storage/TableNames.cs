using System.Text.RegularExpressions;

namespace McpOrchestrator.Core.Storage;

/// <summary>Validation of table names: <c>^[A-Za-z][A-Za-z0-9]{2,62}$</c>, and not the reserved name <c>tables</c>.</summary>
internal static partial class TableNames
{
    public static void Validate(string tableName)
    {
        ArgumentNullException.ThrowIfNull(tableName);
        if (!Pattern().IsMatch(tableName) || string.Equals(tableName, "tables", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException(
                $"'{tableName}' is not a valid table name: use 3 to 63 letters and digits, starting with a letter (and not 'tables').",
                nameof(tableName));
        }
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,62}$")]
    private static partial Regex Pattern();
}
