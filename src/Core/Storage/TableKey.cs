using System.Globalization;
using System.Runtime.CompilerServices;

namespace McpOrchestrator.Core.Storage;

/// <summary>
/// The one place that validates PartitionKey/RowKey values and escapes them into request URLs. Keys are checked
/// before any request is sent, so a bad key is an <see cref="ArgumentException"/> rather than a service error.
/// </summary>
public static class TableKey
{
    /// <summary>
    /// Longest key accepted, in UTF-16 code units. Azure allows 1 KiB; Azurite rejects keys over 512 characters, so
    /// the stricter limit keeps behaviour the same in tests and in Azure.
    /// </summary>
    public const int MaxLength = 512;

    /// <summary>Throws <see cref="ArgumentException"/> if <paramref name="key"/> cannot be used as a PartitionKey or RowKey.</summary>
    /// <param name="key">The key to check.</param>
    /// <param name="paramName">The argument name reported in the exception.</param>
    public static void Validate(string key, [CallerArgumentExpression(nameof(key))] string? paramName = null)
    {
        ArgumentNullException.ThrowIfNull(key, paramName);
        var problem = FindProblem(key);
        if (problem is not null)
        {
            throw new ArgumentException($"Invalid table key: {problem}", paramName);
        }
    }

    /// <summary>Whether <paramref name="key"/> can be used as a PartitionKey or RowKey.</summary>
    public static bool IsValid(string? key) => key is not null && FindProblem(key) is null;

    private static string? FindProblem(string key)
    {
        if (key.Length > MaxLength)
        {
            return $"it is {key.Length.ToString(CultureInfo.InvariantCulture)} characters long; the limit is {MaxLength.ToString(CultureInfo.InvariantCulture)}.";
        }

        for (var i = 0; i < key.Length; i++)
        {
            var c = key[i];
            switch (c)
            {
                case '/' or '\\' or '#' or '?':
                    return $"the character '{c}' at position {i.ToString(CultureInfo.InvariantCulture)} is not allowed in keys (forbidden: / \\ # ? and control characters).";
                case <= '\u001F' or (>= '\u007F' and <= '\u009F'):
                    return $"the control character U+{((int)c).ToString("X4", CultureInfo.InvariantCulture)} at position {i.ToString(CultureInfo.InvariantCulture)} is not allowed in keys.";
                case >= '\uD800' and <= '\uDBFF' when i + 1 < key.Length && char.IsLowSurrogate(key[i + 1]):
                    i++;
                    break;
                case >= '\uD800' and <= '\uDFFF':
                    return $"an unpaired UTF-16 surrogate at position {i.ToString(CultureInfo.InvariantCulture)} is not allowed in keys.";
            }
        }

        return null;
    }
}
