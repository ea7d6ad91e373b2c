using System.Text.RegularExpressions;
using McpOrchestrator.Core.Problems;
using Microsoft.AspNetCore.Http;

namespace McpOrchestrator.Functions.Http;

/// <summary>Checks ids taken from routes at the edge: client, profile, server and entry ids match
/// <c>^[a-z0-9][a-z0-9._-]{0,63}$</c>, so nothing else reaches storage keys.</summary>
public static partial class RouteIds
{
    public static string Require(string? value, string what)
    {
        if (value is not null && IdPattern().IsMatch(value))
        {
            return value;
        }

        throw new ProblemException(new Problem
        {
            Status = StatusCodes.Status400BadRequest,
            Code = "invalid_id",
            Title = "Bad Request",
            Detail = $"The {what} in the path is not a valid id: use 1–64 characters of a–z, 0–9, '.', '_' or '-', starting with a letter or digit.",
        });
    }

    [GeneratedRegex(@"^[a-z0-9][a-z0-9._-]{0,63}\z", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();
}
