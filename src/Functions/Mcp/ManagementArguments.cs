using System.ComponentModel;
using McpOrchestrator.Core.Drafts;

namespace McpOrchestrator.Functions.Mcp;

// The arguments of the management tools: what the REST routes take from the route and the body, as one object.
// Each type is the tool's input schema (with the descriptions below) and is read with the API's JSON rules, so an
// unknown or mistyped field is refused the same way the REST body is.

/// <summary>No arguments.</summary>
public sealed record NoArguments;

public sealed record ClientArguments
{
    [Description("A client id from list_clients, e.g. claude-desktop, cursor, vscode, codex, orchestrator.")]
    public required string ClientId { get; init; }
}

public record ProfileArguments
{
    [Description("A client id from list_clients, e.g. claude-desktop.")]
    public required string ClientId { get; init; }

    [Description("A profile id of that client from list_profiles, e.g. default.")]
    public required string ProfileId { get; init; }
}

/// <summary>One page of a list, as the REST routes' <c>limit</c> and <c>cursor</c>.</summary>
public abstract record PageArguments
{
    [Description("Most entries in this page, 1 to 1000; 100 when not given.")]
    public int? Limit { get; init; }

    [Description("The nextCursor of the previous page, for the page after it; not given for the first page.")]
    public string? Cursor { get; init; }
}

public sealed record ListServersArguments : PageArguments
{
    [Description("Case-insensitive search over id, name, description and tags.")]
    public string? Q { get; init; }

    [Description("Only servers with this transport: stdio, http or sse.")]
    public string? Transport { get; init; }

    [Description("Only servers with this tag.")]
    public string? Tag { get; init; }
}

public sealed record ListProfilesArguments : PageArguments
{
    [Description("A client id from list_clients, e.g. claude-desktop, cursor, vscode, codex, orchestrator.")]
    public required string ClientId { get; init; }
}

public sealed record ServerArguments
{
    [Description("A server id from list_servers, e.g. filesystem.")]
    public required string ServerId { get; init; }
}

public sealed record AddToDraftArguments : ProfileArguments
{
    [Description("The entry to add: {serverId, name?, params?, env?, tools?, wrapRemote?}, as POST .../draft/add takes it. describe_server gives a ready example.")]
    public required AddEntryRequest Entry { get; init; }

    [Description("The draft's etag from get_draft: the change is refused (draft_conflict) if the draft changed since.")]
    public string? Etag { get; init; }
}

public sealed record RemoveFromDraftArguments : ProfileArguments
{
    [Description("The name of the draft entry to remove.")]
    public required string Name { get; init; }

    [Description("The draft's etag from get_draft: the change is refused (draft_conflict) if the draft changed since.")]
    public string? Etag { get; init; }
}

public sealed record ClearDraftArguments : ProfileArguments
{
    [Description("The draft's etag from get_draft: the change is refused (draft_conflict) if the draft changed since.")]
    public string? Etag { get; init; }
}

public sealed record ValidateArguments : ProfileArguments
{
    [Description("Also connect to each server for real (initialize, list tools). Needs the write scope.")]
    public bool? Probe { get; init; }
}

public sealed record PublishArguments : ProfileArguments
{
    [Description("What changed, kept with the version (at most 1000 characters).")]
    public string? Changelog { get; init; }

    [Description("Deploy the new version as soon as it is stored.")]
    public bool? Deploy { get; init; }

    [Description("Connect to every server for real before publishing; a server that does not answer rejects the publish.")]
    public bool? Probe { get; init; }
}

public sealed record PipelineArguments
{
    [Description("The pipeline id that publish answered with.")]
    public required string PipelineId { get; init; }
}

public sealed record DeployArguments : ProfileArguments
{
    [Description("The published version to deploy; the latest when absent.")]
    public int? Version { get; init; }
}

public sealed record RollbackArguments : ProfileArguments
{
    [Description("The earlier published version to deploy again (get_deployed_config and the history list versions).")]
    public required int Version { get; init; }
}

public sealed record DeployedConfigArguments : ProfileArguments
{
    [Description("A published version instead of the deployed one.")]
    public int? Version { get; init; }
}

public sealed record DiffArguments : ProfileArguments
{
    [Description("The full text of the client's config file on a machine (JSON, or TOML for Codex).")]
    public required string Local { get; init; }
}
