using McpOrchestrator.Core.Clients;
using McpOrchestrator.Core.Diff;
using McpOrchestrator.Core.Problems;
using McpOrchestrator.Core.Publishing;
using McpOrchestrator.Functions.Http;
using Microsoft.AspNetCore.Http;

namespace McpOrchestrator.Functions.Configs;

/// <summary>A client's config file, as it is on a machine, against what is deployed for its profile: for
/// <c>POST /v1/config/diff</c> and the MCP endpoint's <c>diff_config</c> tool.</summary>
public sealed class LocalConfigDiffer(ConfigDiffer differ, ClientCatalog clients, DeployedConfigs deployed)
{
    public async Task<ConfigDiff> DiffAsync(string? clientId, string? profileId, string local, CancellationToken cancellationToken)
    {
        var client = RouteIds.Require(clientId, "clientId");
        var profile = RouteIds.Require(profileId, "profileId");
        var definition = clients.Find(client) ?? throw new ProblemException(new Problem
        {
            Status = StatusCodes.Status404NotFound,
            Code = "client_not_found",
            Title = "Client not found",
            Detail = $"There is no client '{client}'. GET /v1/clients lists them.",
        });
        var (_, payload) = await deployed.GetAsync(client, profile, version: null, cancellationToken);
        return differ.DiffNative(local, definition, payload.Servers);
    }
}
