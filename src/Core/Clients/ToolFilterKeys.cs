namespace McpOrchestrator.Core.Clients;

/// <summary>Where a client keeps a server's tool filter, if it has one. Either one object key holding
/// <c>{ "include": [...], "exclude": [...] }</c> (<see cref="ObjectKey"/>), or separate list keys
/// (<see cref="IncludeKey"/>, <see cref="ExcludeKey"/>); a null list key means the client cannot express that half
/// of the filter, which is then not carried.</summary>
public sealed record ToolFilterKeys
{
    public string? ObjectKey { get; init; }

    public string? IncludeKey { get; init; }

    public string? ExcludeKey { get; init; }

    /// <summary>The include-list value meaning "every tool" (GitHub Copilot CLI's <c>"*"</c>). When set, the include
    /// list is always written: <c>[AllTools]</c> for an entry without includes.</summary>
    public string? AllTools { get; init; }

    public bool CarriesInclude => ObjectKey is not null || IncludeKey is not null;

    public bool CarriesExclude => ObjectKey is not null || ExcludeKey is not null;
}
