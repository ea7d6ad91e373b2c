using System.Globalization;

namespace McpOrchestrator.Core.Storage;

/// <summary>
/// Builds OData <c>$filter</c> expressions safely: every interpolated value becomes a typed, escaped literal, so a
/// value can never change the shape of the query. Use this for every filter; never interpolate values by hand.
/// </summary>
/// <example><c>TableFilter.Create($"PartitionKey eq {profile} and Version ge {minVersion}")</c></example>
public static class TableFilter
{
    /// <summary>
    /// Renders <paramref name="filter"/> with each argument as an OData literal: strings quoted with <c>'</c> doubled,
    /// booleans, Int32, Int64 (<c>L</c> suffix), doubles, <c>datetime'…'</c>, <c>guid'…'</c> and binary <c>X'…'</c>.
    /// </summary>
    /// <exception cref="ArgumentException">An argument is null or of a type Table storage cannot compare.</exception>
    public static string Create(FormattableString filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var arguments = filter.GetArguments();
        var literals = new object?[arguments.Length];
        for (var i = 0; i < arguments.Length; i++)
        {
            literals[i] = Literal(arguments[i], i);
        }

        return string.Format(CultureInfo.InvariantCulture, filter.Format, literals);
    }

    /// <summary>One value as an OData literal.</summary>
    internal static string Literal(object? value, int position = 0) => value switch
    {
        null => throw new ArgumentException(
            $"Filter argument {position} is null; Table storage does not store nulls, so compare with a concrete value.", nameof(value)),
        string s => "'" + s.Replace("'", "''", StringComparison.Ordinal) + "'",
        bool b => b ? "true" : "false",
        int or short or byte or sbyte or ushort => Convert.ToString(value, CultureInfo.InvariantCulture)!,
        long or uint => Convert.ToString(value, CultureInfo.InvariantCulture) + "L",
        double d when double.IsFinite(d) => d.ToString("R", CultureInfo.InvariantCulture),
        float f when float.IsFinite(f) => ((double)f).ToString("R", CultureInfo.InvariantCulture),
        DateTimeOffset dto => "datetime'" + TableEntity.FormatDateTime(dto) + "'",
        DateTime dt when dt.Kind != DateTimeKind.Unspecified => "datetime'" + TableEntity.FormatDateTime(new DateTimeOffset(dt)) + "'",
        Guid g => "guid'" + g.ToString("D") + "'",
        byte[] bytes => "X'" + Convert.ToHexStringLower(bytes) + "'",
        BinaryData data => "X'" + Convert.ToHexStringLower(data.ToArray()) + "'",
        _ => throw new ArgumentException(
            $"Filter argument {position} has type {value.GetType().Name}, which cannot be used in a table filter. Use string, bool, int, long, double, DateTimeOffset, DateTime (UTC or local), Guid or byte[].",
            nameof(value)),
    };
}
