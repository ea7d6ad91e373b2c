using McpOrchestrator.Core.Problems;
using Microsoft.AspNetCore.Http;

namespace McpOrchestrator.Functions.Http;

/// <summary>Boolean and integer query parameters, refused with 400 when malformed rather than silently ignored.</summary>
public static class QueryFlags
{
    public static bool Read(HttpRequest request, string name)
    {
        if (!request.Query.TryGetValue(name, out var values))
        {
            return false;
        }

        return values.ToString().ToLowerInvariant() switch
        {
            "" or "true" or "1" => true,
            "false" or "0" => false,
            _ => throw Invalid(name, "true or false"),
        };
    }

    public static int? ReadInt(HttpRequest request, string name, int min, int max)
    {
        if (!request.Query.TryGetValue(name, out var values))
        {
            return null;
        }

        return int.TryParse(values.ToString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw Invalid(name, $"a whole number from {min} to {max}");
    }

    /// <summary>A single text query value, bounded in length; null when absent.</summary>
    public static string? ReadText(HttpRequest request, string name, int maxLength)
    {
        if (!request.Query.TryGetValue(name, out var values))
        {
            return null;
        }

        if (values.Count > 1)
        {
            throw Invalid(name, "given once");
        }

        var value = values.ToString();
        return value.Length <= maxLength && !value.Any(char.IsControl) ? value : throw Invalid(name, $"at most {maxLength} printable characters");
    }

    private static ProblemException Invalid(string name, string expected) => new(new Problem
    {
        Status = StatusCodes.Status400BadRequest,
        Code = "invalid_query",
        Title = "Bad Request",
        Detail = $"The query parameter '{name}' must be {expected}.",
    });
}
