using System.Globalization;
using McpOrchestrator.Core.Drafts;

namespace McpOrchestrator.Core.Registry;

/// <summary>Checks a parameter value, given as text, against its <see cref="ParameterType"/>: <c>int</c> is a
/// decimal integer, <c>bool</c> is <c>true</c> or <c>false</c>, <c>url</c> an absolute http(s) URL, <c>path</c> a
/// path without <c>..</c> segments; every value is 1 to <see cref="MaxLength"/> characters without control
/// characters. Values may hold <c>${env:NAME}</c> / <c>${secret:NAME}</c> references, which are checked for syntax
/// only.</summary>
public static class ParameterValues
{
    public const int MaxLength = 4096;

    /// <summary>Null when <paramref name="value"/> is a valid <paramref name="type"/>, otherwise why not, as a sentence
    /// fragment ("is not an integer").</summary>
    public static string? Check(ParameterType type, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "is empty; give a value or leave the parameter out";
        }

        if (value.Length > MaxLength)
        {
            return $"is {Display.Count(value.Length)} characters long; the limit is {Display.Count(MaxLength)}";
        }

        if (Display.HasForbiddenCharacters(value))
        {
            return "contains a control or invisible formatting character";
        }

        if (References.FindSyntaxError(value) is { } referenceError)
        {
            return referenceError;
        }

        var hasReference = References.Contains(value);
        return type switch
        {
            ParameterType.Int when !hasReference && !long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _) =>
                "is not an integer (digits with an optional leading minus, e.g. 8080)",
            ParameterType.Bool when !hasReference && value is not ("true" or "false") => "is not a boolean (true or false)",
            ParameterType.Url when !hasReference && !IsHttpUrl(value) => "is not an absolute http:// or https:// URL",
            ParameterType.Path when HasParentSegment(value) => "contains a '..' segment; give the directory itself, as an absolute or ~/ path",
            ParameterType.String or ParameterType.Int or ParameterType.Bool or ParameterType.Url or ParameterType.Path => null,
            _ => "has an unknown type",
        };
    }

    public static bool IsHttpUrl(string? value) =>
        value is not null
        && !value.Any(char.IsWhiteSpace)
        && Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && !string.IsNullOrEmpty(uri.Host);

    private static bool HasParentSegment(string value) =>
        value.Split('/', '\\').Any(segment => segment == "..");
}
