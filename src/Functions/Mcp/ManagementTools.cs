using System.Text.Json.Serialization;
using McpOrchestrator.Core.Access;
using McpOrchestrator.Core.Clients;
using McpOrchestrator.Core.Drafts;
using McpOrchestrator.Core.Paging;
using McpOrchestrator.Core.Problems;
using McpOrchestrator.Core.Profiles;
using McpOrchestrator.Core.Registry;
using McpOrchestrator.Core.Validation;
using McpOrchestrator.Functions.Clients;
using McpOrchestrator.Functions.Configs;
using McpOrchestrator.Functions.Drafts;
using McpOrchestrator.Functions.Http;
using McpOrchestrator.Functions.Publishing;
using Microsoft.AspNetCore.Http;

namespace McpOrchestrator.Functions.Mcp;

/// <summary>
/// The management operations of the REST API as MCP tools, each behind the scope its route needs: browse clients,
/// profiles and the registry; view and edit a draft; validate; publish and follow the pipeline; deploy and roll back;
/// read what is deployed; diff a local file. They call the same services as the routes, so they refuse with the same
/// problem codes. Tokens are not issued or listed here: credentials never travel through tool results.
/// </summary>
public sealed class ManagementTools
{
    private readonly Dictionary<string, ManagementTool> _byName;

    public ManagementTools(
        ClientCatalog clients,
        ProfileService profiles,
        ServerRegistry registry,
        DraftService drafts,
        ValidationService validation,
        PublishingOperations publishing,
        LocalConfigDiffer differ)
    {
        All =
        [
            ManagementTool.Read<NoArguments>("list_clients",
                "Every MCP client this service configures (Claude Desktop, Cursor, VS Code, Codex, …): config file paths per OS, format, transports, and its profiles.",
                async (_, _, ct) => await ClientFunctions.ListAsync(clients, profiles, ct)),
            ManagementTool.Read<ListProfilesArguments>("list_profiles", "The profiles of one client, in id order, one page at a time (nextCursor when there are more).",
                async (a, _, ct) =>
                {
                    var page = await profiles.ListPageAsync(Id(a.ClientId, "clientId"), Page(a), ct);
                    return new ProfilePage(a.ClientId, page.Items, page.Next);
                }),
            ManagementTool.Read<ListServersArguments>("list_servers",
                "Browse the server registry (built-in and custom entries), searched and filtered, in id order, one page at a time (nextCursor when there are more).",
                async (a, _, ct) =>
                {
                    var page = await registry.ListPageAsync(new ServerQuery { Q = a.Q, Transport = a.Transport, Tag = a.Tag }, Page(a), ct);
                    return new ServerPage(page.Items.Count, page.Items, page.Next);
                }),
            ManagementTool.Read<ServerArguments>("describe_server",
                "One registry entry: transport, command or URL, parameters, env vars, and a ready-to-use example entry for add_to_draft.",
                async (a, _, ct) => await registry.GetAsync(Id(a.ServerId, "serverId"), ct)),
            ManagementTool.Read<ProfileArguments>("get_draft", "A profile's draft: entries, resolved servers, etag, and the draft rendered in the client's native format.",
                async (a, _, ct) => DraftView.From(await drafts.RenderAsync(Id(a.ClientId, "clientId"), Id(a.ProfileId, "profileId"), ct))),
            ManagementTool.Write<AddToDraftArguments>("add_to_draft",
                "Adds a registry server to a draft. Optional parameter defaults are applied; a duplicate name or a missing parameter is refused.", destructive: false, idempotent: false,
                async (a, _, ct) =>
                {
                    var result = await drafts.AddAsync(Id(a.ClientId, "clientId"), Id(a.ProfileId, "profileId"), a.Entry, a.Etag, ct);
                    return new { entry = result.Value, etag = result.ETag };
                }),
            ManagementTool.Write<RemoveFromDraftArguments>("remove_from_draft", "Removes one entry from a draft by name.", destructive: true, idempotent: false,
                async (a, _, ct) =>
                {
                    var result = await drafts.RemoveAsync(Id(a.ClientId, "clientId"), Id(a.ProfileId, "profileId"), a.Name, a.Etag, ct);
                    return new { removed = result.Value, etag = result.ETag };
                }),
            ManagementTool.Write<ClearDraftArguments>("clear_draft", "Removes every entry of a draft.", destructive: true, idempotent: true,
                async (a, _, ct) =>
                {
                    var result = await drafts.ClearAsync(Id(a.ClientId, "clientId"), Id(a.ProfileId, "profileId"), a.Etag, ct);
                    return new ClearedDraft(result.Value, result.ETag);
                }),
            ManagementTool.Read<ValidateArguments>("validate_draft",
                "Validates a draft: errors and warnings with stable codes. With probe (write scope), each server is also connected to for real.",
                async (a, call, ct) =>
                {
                    if (a.Probe == true && !call.Principal.Has(Scopes.Write))
                    {
                        throw new Core.Problems.ProblemException(AccessProblems.InsufficientScope(call.Principal, Scopes.Write));
                    }

                    return await validation.ValidateDraftAsync(Id(a.ClientId, "clientId"), Id(a.ProfileId, "profileId"), new ValidationOptions { Probe = a.Probe }, ct);
                }),
            ManagementTool.Write<PublishArguments>("publish",
                "Starts the publish pipeline (snapshot, validate, probe when asked, sign, store, deploy when asked) and answers with its pipelineId; follow it with get_pipeline.", destructive: false, idempotent: false,
                async (a, call, ct) =>
                {
                    var body = new PublishRequestBody { Changelog = a.Changelog, Deploy = a.Deploy == true, Probe = a.Probe == true };
                    var started = await publishing.StartAsync(call.Durable, Id(a.ClientId, "clientId"), Id(a.ProfileId, "profileId"), body, call.Principal, ct);
                    return new { pipelineId = started.Id, statusQueryGetUri = started.StatusQueryGetUri };
                }),
            ManagementTool.Read<PipelineArguments>("get_pipeline",
                "A publish pipeline's status: runtimeStatus (Pending, Running, Completed, Failed, Terminated), the current step, and when done the outcome (published with its version, or rejected with the validation report).",
                async (a, call, ct) => (await PublishingOperations.GetStatusAsync(call.Durable, a.PipelineId, ct)).Status),
            ManagementTool.Write<DeployArguments>("deploy", "Deploys a published version (the latest when no version is given).", destructive: false, idempotent: true,
                async (a, call, ct) => await publishing.DeployAsync(Id(a.ClientId, "clientId"), Id(a.ProfileId, "profileId"), a.Version, call.Principal, ct)),
            ManagementTool.Write<RollbackArguments>("rollback", "Deploys an earlier published version again; the history keeps every deployment.", destructive: true, idempotent: true,
                async (a, call, ct) => await publishing.DeployAsync(Id(a.ClientId, "clientId"), Id(a.ProfileId, "profileId"), a.Version, call.Principal, ct)),
            ManagementTool.Read<DeployedConfigArguments>("get_deployed_config",
                "The deployed configuration of a profile (or a given published version): payload, native rendering, version, signature and key id.",
                async (a, _, ct) => await publishing.GetDeployedAsync(Id(a.ClientId, "clientId"), Id(a.ProfileId, "profileId"), a.Version, ct)),
            ManagementTool.Read<DiffArguments>("diff_config",
                "Compares a client's config file, as it is on a machine, with what is deployed: field-level changes and status up-to-date, outdated or diverged.",
                async (a, _, ct) => await differ.DiffAsync(a.ClientId, a.ProfileId, a.Local, ct)),
        ];
        _byName = All.ToDictionary(t => t.Name, StringComparer.Ordinal);
    }

    public IReadOnlyList<ManagementTool> All { get; }

    public ManagementTool? Find(string? name) => name is not null && _byName.TryGetValue(name, out var tool) ? tool : null;

    private static string Id(string? value, string what) => RouteIds.Require(value, what);

    /// <summary>The page a list tool's arguments ask for, under the REST routes' bounds (the cursor is checked by the
    /// list it belongs to).</summary>
    private static PageRequest Page(PageArguments arguments) =>
        arguments.Limit is { } limit and (< 1 or > PageRequest.MaxLimit)
            ? throw new ProblemException(new Problem
            {
                Status = StatusCodes.Status400BadRequest,
                Code = "invalid_arguments",
                Title = "Bad Request",
                Detail = $"limit must be a whole number from 1 to {PageRequest.MaxLimit} (got {limit}); leave it out for pages of {PageRequest.DefaultLimit}.",
            })
            : new PageRequest { Limit = arguments.Limit ?? PageRequest.DefaultLimit, Cursor = arguments.Cursor };

    /// <summary>One page of <c>list_profiles</c>: the REST list's fields, with the cursor of the next page instead of
    /// its link.</summary>
    public sealed record ProfilePage(
        string ClientId,
        IReadOnlyList<Profile> Profiles,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? NextCursor);

    /// <summary>One page of <c>list_servers</c>, likewise.</summary>
    public sealed record ServerPage(
        int Count,
        IReadOnlyList<ServerDefinition> Servers,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? NextCursor);
}
