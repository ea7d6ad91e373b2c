using System.Text.RegularExpressions;
using McpOrchestrator.Core.Problems;

namespace McpOrchestrator.Core.Clients;

/// <summary>The problems of the client catalog.</summary>
public static partial class ClientProblems
{
    public const string ClientNotFoundCode = "client_not_found";

    public static Problem ClientNotFound(string? id, IReadOnlyList<ClientDefinition> known)
    {
        ArgumentNullException.ThrowIfNull(known);
        var shown = id is not null && IdPattern().IsMatch(id) ? $"'{id}'" : "with that id (ids match ^[a-z0-9][a-z0-9._-]{0,63}$)";
        return new Problem
        {
            Status = 404,
            Code = ClientNotFoundCode,
            Title = "Client not found",
            Detail = $"There is no client {shown}. Known clients: {string.Join(", ", known.Select(c => c.Id))} (GET /v1/clients lists them).",
        };
    }

    [GeneratedRegex(@"^[a-z0-9][a-z0-9._-]{0,63}\z", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();
}
