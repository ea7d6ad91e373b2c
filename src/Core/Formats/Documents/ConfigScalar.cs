using System.Globalization;

namespace McpOrchestrator.Core.Formats.Documents;

/// <summary>A string, number, boolean, null or date, with its text (numbers and dates as written; booleans
/// <c>true</c>/<c>false</c>).</summary>
internal sealed class ConfigScalar(ScalarKind kind, string text, TextPosition position = default) : ConfigNode(position)
{
    public ScalarKind Kind { get; } = kind;

    public string Text { get; } = text;

    public override string KindName => Kind switch
    {
        ScalarKind.String => "a string",
        ScalarKind.Integer => "an integer",
        ScalarKind.Float => "a number",
        ScalarKind.Boolean => "a boolean",
        ScalarKind.Null => "null",
        _ => "a date",
    };

    public static ConfigScalar String(string text) => new(ScalarKind.String, text);

    public static ConfigScalar Boolean(bool value) => new(ScalarKind.Boolean, value ? "true" : "false");

    public static ConfigScalar Integer(long value) => new(ScalarKind.Integer, value.ToString(CultureInfo.InvariantCulture));
}
