using System.Text.Json;
using McpOrchestrator.Core.Clients;
using McpOrchestrator.Core.Configs;
using McpOrchestrator.Core.Formats;
using McpOrchestrator.Core.Problems;
using McpOrchestrator.Core.Profiles;
using McpOrchestrator.Core.Registry;
using McpOrchestrator.Core.Validation;

namespace McpOrchestrator.Core.Drafts;

/// <summary>
/// Drafts of <c>(client, profile)</c>: view, add, remove, clear, import, resolve and render. Drafts are persisted
/// (<see cref="ProfileStore"/>); every change is atomic and carries the draft's ETag: a change given an
/// <c>ifMatch</c> that is not the current ETag is refused with 412 <c>draft_conflict</c>; without one, concurrent
/// changes of different entries all succeed and two adds of one name give one success and one 409
/// <c>duplicate_server_name</c>. An entry is resolved against the registry and the client before it is stored, so a
/// missing or mistyped parameter, a malformed env reference or a transport the client cannot run is refused at once
/// (<see cref="DraftProblems"/>). The <c>default</c> profile exists for every client; other profiles must be created
/// first (404 <c>profile_not_found</c>).
/// </summary>
public sealed class DraftService
{
    /// <summary>Longest stored form of one entry, in characters.</summary>
    public const int MaxEntryChars = 65_536;

    private readonly ClientCatalog _clients;
    private readonly ServerRegistry _registry;
    private readonly NativeConfigFormats _formats;
    private readonly DraftCommitter _committer;

    public DraftService(ClientCatalog clients, ServerRegistry registry, NativeConfigFormats formats, ProfileStore store, TimeProvider clock)
    {
        _clients = clients;
        _registry = registry;
        _formats = formats;
        _committer = new DraftCommitter(store, clock);
    }

    /// <summary>The draft with its entries (ordered by name) and ETag.</summary>
    public async Task<Draft> GetAsync(string clientId, string profileId, CancellationToken cancellationToken) =>
        (await ReadAsync(clientId, profileId, cancellationToken)).State.ToDraft();

    /// <summary>Adds a registry server to the draft (201 semantics). Refusals: 400 <c>invalid_server_id</c>,
    /// <c>invalid_entry_name</c>, <c>missing_parameter</c>, <c>invalid_parameter</c>, <c>missing_env</c>,
    /// <c>invalid_env</c>, <c>transport_not_supported</c>, <c>invalid_tools</c>, <c>entry_too_large</c>; 404
    /// <c>client_not_found</c>, <c>profile_not_found</c>, <c>server_not_found</c>; 409 <c>duplicate_server_name</c>,
    /// <c>draft_full</c>; 412 <c>draft_conflict</c>.</summary>
    public async Task<DraftResult<DraftEntry>> AddAsync(string clientId, string profileId, AddEntryRequest request, string? ifMatch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var client = Client(clientId);
        CheckProfileId(profileId);
        if (!Ids.IsValid(request.ServerId))
        {
            throw new ProblemException(string.IsNullOrEmpty(request.ServerId)
                ? RegistryProblems.InvalidServerId(request.ServerId) with { Detail = "serverId is required: the registry id of the server to add (GET /v1/servers lists them)." }
                : RegistryProblems.InvalidServerId(request.ServerId));
        }

        var name = request.Name ?? request.ServerId;
        if (!Ids.IsValid(name))
        {
            throw new ProblemException(DraftProblems.InvalidEntryName(name));
        }

        var server = await _registry.FindAsync(request.ServerId, cancellationToken)
            ?? throw new ProblemException(RegistryProblems.ServerNotFound(request.ServerId));
        var entry = new DraftEntry
        {
            Name = name,
            ServerId = server.Id,
            Params = new SortedDictionary<string, string>(request.Params?.ToDictionary() ?? [], StringComparer.Ordinal),
            Env = new SortedDictionary<string, string>(request.Env?.ToDictionary() ?? [], StringComparer.Ordinal),
            Tools = request.Tools is { Include: { Count: 0 }, Exclude: { Count: 0 } } ? null : request.Tools,
            WrapRemote = request.WrapRemote ?? false,
        };
        // Env values given through the API are literals or well-formed references, so a typo never ships as a literal.
        // (Imports keep other clients' ${…} variables verbatim; validation only warns about those.)
        var malformed = entry.Env
            .Where(e => References.FindSyntaxError(e.Value) is not null)
            .Select(e => ValidationIssue.Error(ValidationCodes.InvalidEnv, $"The value of env {Display.Quote(e.Key)} {References.FindSyntaxError(e.Value)}.", name, "env." + e.Key))
            .ToList();
        if (malformed.Count > 0)
        {
            throw new ProblemException(DraftProblems.EntryRefused(malformed));
        }

        var resolution = ServerResolver.Resolve(entry, server, client);
        if (resolution.HasErrors)
        {
            throw new ProblemException(DraftProblems.EntryRefused(resolution.Issues));
        }

        var json = Serialize(entry);
        var commit = await _committer.SubmitAsync(client.Id, profileId, new DraftChange.Add(entry, json), ifMatch, cancellationToken);
        return new DraftResult<DraftEntry>(entry, commit.ETag, commit.Version);
    }

    /// <summary>Removes the entry <paramref name="name"/>; returns it. 400 <c>invalid_entry_name</c>, 404
    /// <c>entry_not_found</c>, 412 <c>draft_conflict</c>.</summary>
    public async Task<DraftResult<DraftEntry>> RemoveAsync(string clientId, string profileId, string? name, string? ifMatch, CancellationToken cancellationToken)
    {
        var client = Client(clientId);
        CheckProfileId(profileId);
        if (!Ids.IsValid(name))
        {
            throw new ProblemException(DraftProblems.InvalidEntryName(name));
        }

        var commit = await _committer.SubmitAsync(client.Id, profileId, new DraftChange.Remove(name), ifMatch, cancellationToken);
        return new DraftResult<DraftEntry>((DraftEntry)commit.Result!, commit.ETag, commit.Version);
    }

    /// <summary>Removes every entry at once; returns how many there were. 412 <c>draft_conflict</c>.</summary>
    public async Task<DraftResult<int>> ClearAsync(string clientId, string profileId, string? ifMatch, CancellationToken cancellationToken)
    {
        var client = Client(clientId);
        CheckProfileId(profileId);
        var commit = await _committer.SubmitAsync(client.Id, profileId, new DraftChange.Clear(), ifMatch, cancellationToken);
        return new DraftResult<int>((int)commit.Result!, commit.ETag, commit.Version);
    }

    /// <summary>
    /// Imports a client config file's content: read in the profile's client's own format, or, failing that, in
    /// whichever supported client's format it is (<see cref="NativeConfigFormats.Detect"/>). Servers are matched to
    /// registry entries where the match reproduces them exactly (see <see cref="ImportMatcher"/>), otherwise kept
    /// inline. Combined with the draft per <paramref name="mode"/>, all at once or not at all. Refusals: 400
    /// <c>invalid_import</c> (also for content holding no server), <c>import_format_mismatch</c>,
    /// <c>unrecognized_import_format</c>, <c>invalid_entry_name</c>, <c>duplicate_name</c>,
    /// <c>entry_too_large</c>; 409 <c>draft_full</c>; 412 <c>draft_conflict</c>.
    /// </summary>
    public async Task<ImportResult> ImportAsync(string clientId, string profileId, string? content, ImportMode mode, string? ifMatch, CancellationToken cancellationToken)
    {
        var client = Client(clientId);
        CheckProfileId(profileId);
        var (source, servers) = Parse(content, client);
        var registry = await _registry.ListAsync(new ServerQuery(), cancellationToken);
        var imported = new List<DraftEntry>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var server in servers)
        {
            if (!Ids.IsValid(server.Name))
            {
                throw new ProblemException(DraftProblems.InvalidEntryName(server.Name));
            }

            if (!names.Add(server.Name))
            {
                throw new ProblemException(DraftProblems.DuplicateName(server.Name));
            }

            var entry = ImportMatcher.Match(server, registry, source);
            Serialize(entry);
            imported.Add(entry);
            // For the service's own client, what the service would refuse to run (a loader env var, a metadata URL) is
            // refused here too.
            var target = client.Id == ClientCatalog.OrchestratorClientId ? client : null;
            if (entry.Inline is not null
                && ServerResolver.Resolve(entry, null, target).Issues.FirstOrDefault(i => i.Severity == IssueSeverity.Error && (target is null || i.Code != ValidationCodes.TransportNotSupported)) is { } broken)
            {
                throw new ProblemException(DraftProblems.InvalidImport($"Server {Display.Quote(server.Name)} in the content cannot be used: {broken.Message} Fix it in the file and import again; nothing was imported."));
            }
        }

        var current = await ReadAsync(client.Id, profileId, cancellationToken);
        var preview = Combine(current.State, imported, mode);
        if (preview.Added.Count + preview.Updated.Count + preview.Removed.Count == 0)
        {
            if (ifMatch is not null && !DraftCommitter.ETagMatches(ifMatch, current.State.ETag))
            {
                throw new ProblemException(DraftProblems.DraftConflict(client.Id, profileId, current.State.ETag));
            }

            return preview with { Format = source.Id, Entries = imported, ETag = current.State.ETag, Version = current.State.Version };
        }

        var (commit, result) = await _committer.ReplaceAsync(
            client.Id,
            profileId,
            state =>
            {
                var combined = Combine(state, imported, mode);
                return (combined.Entries, combined);
            },
            ifMatch,
            cancellationToken);
        return result with { Format = source.Id, Entries = imported, ETag = commit.ETag, Version = commit.Version };
    }

    /// <summary>The draft resolved for its client: the servers it would run and the issues found.</summary>
    public async Task<ResolvedDraft> ResolveAsync(string clientId, string profileId, CancellationToken cancellationToken)
    {
        var (client, state) = await ReadAsync(clientId, profileId, cancellationToken);
        var (servers, issues) = await ResolveEntriesAsync(state.Entries.Values, client, cancellationToken);
        return new ResolvedDraft { Draft = state.ToDraft(), Servers = servers, Issues = issues };
    }

    /// <summary><see cref="ResolveAsync"/> plus the client's native file text of the servers. A server the format
    /// refuses (e.g. <c>headers_not_supported</c>) is left out of the text and reported as an issue with the
    /// format's code.</summary>
    public async Task<ResolvedDraft> RenderAsync(string clientId, string profileId, CancellationToken cancellationToken)
    {
        var (client, state) = await ReadAsync(clientId, profileId, cancellationToken);
        var (servers, issues) = await ResolveEntriesAsync(state.Entries.Values, client, cancellationToken);
        var (renderable, rendered, renderIssues) = Render(servers, client);
        return new ResolvedDraft
        {
            Draft = state.ToDraft(),
            Servers = renderable,
            Issues = [.. issues, .. renderIssues],
            Rendered = rendered,
        };
    }

    /// <summary>The draft and each entry with its registry server (null when unknown or inline), for validation.</summary>
    internal async Task<(Draft Draft, IReadOnlyList<(DraftEntry Entry, ServerDefinition? Definition)> Entries)> LoadAsync(
        string clientId, string profileId, CancellationToken cancellationToken)
    {
        var (_, state) = await ReadAsync(clientId, profileId, cancellationToken);
        var definitions = new Dictionary<string, ServerDefinition?>(StringComparer.Ordinal);
        var entries = new List<(DraftEntry, ServerDefinition?)>();
        foreach (var entry in state.Entries.Values)
        {
            ServerDefinition? definition = null;
            if (entry.Inline is null && entry.ServerId is { } serverId && !definitions.TryGetValue(serverId, out definition))
            {
                definition = await _registry.FindAsync(serverId, cancellationToken);
                definitions[serverId] = definition;
            }

            entries.Add((entry, definition));
        }

        return (state.ToDraft(), entries);
    }

    /// <summary>Resolves entries for a client, looking each registry server up once.</summary>
    internal async Task<(IReadOnlyList<ServerConfig> Servers, IReadOnlyList<ValidationIssue> Issues)> ResolveEntriesAsync(
        IEnumerable<DraftEntry> entries, ClientDefinition? client, CancellationToken cancellationToken)
    {
        var servers = new List<ServerConfig>();
        var issues = new List<ValidationIssue>();
        var definitions = new Dictionary<string, ServerDefinition?>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            ServerDefinition? definition = null;
            if (entry.Inline is null && entry.ServerId is { } serverId && !definitions.TryGetValue(serverId, out definition))
            {
                definition = await _registry.FindAsync(serverId, cancellationToken);
                definitions[serverId] = definition;
            }

            var resolution = ServerResolver.Resolve(entry, definition, client);
            issues.AddRange(resolution.Issues);
            if (resolution.Config is not null)
            {
                servers.Add(resolution.Config);
            }
        }

        return (servers, issues);
    }

    /// <summary>Renders the servers; those the format refuses are left out and reported with the format's code.</summary>
    internal (IReadOnlyList<ServerConfig> Servers, string Rendered, IReadOnlyList<ValidationIssue> Issues) Render(IReadOnlyList<ServerConfig> servers, ClientDefinition client)
    {
        try
        {
            return (servers, _formats.Render(servers, client), []);
        }
        catch (ProblemException)
        {
            // Find the servers the format refuses, one by one.
        }

        var kept = new List<ServerConfig>();
        var issues = new List<ValidationIssue>();
        foreach (var server in servers)
        {
            try
            {
                _formats.Render([server], client);
                kept.Add(server);
            }
            catch (ProblemException e)
            {
                issues.Add(ValidationIssue.Error(e.Problem.Code, e.Problem.Detail, server.Name));
            }
        }

        return (kept, _formats.Render(kept, client), issues);
    }

    private async Task<(ClientDefinition Client, DraftState State)> ReadAsync(string clientId, string profileId, CancellationToken cancellationToken)
    {
        var client = Client(clientId);
        CheckProfileId(profileId);
        var state = await _committer.ReadAsync(client.Id, profileId, cancellationToken);
        return state.ProfileExists ? (client, state) : throw new ProblemException(ProfileProblems.ProfileNotFound(client.Id, profileId));
    }

    private (ClientDefinition Source, IReadOnlyList<ServerConfig> Servers) Parse(string? content, ClientDefinition client)
    {
        if (content is null)
        {
            throw new ProblemException(DraftProblems.InvalidImport($"content is required: the text of a client config file, e.g. {client.DisplayName}'s, as a JSON string."));
        }

        ProblemException? own = null;
        try
        {
            var servers = _formats.Import(content, client);
            if (servers.Count > 0)
            {
                return (client, servers);
            }
        }
        catch (ProblemException e)
        {
            own = e;
        }

        ClientDefinition detected;
        try
        {
            detected = _formats.Detect(content);
        }
        catch (ProblemException e)
        {
            throw own ?? e;
        }

        if (detected.Id != client.Id)
        {
            var servers = _formats.Import(content, detected);
            if (servers.Count > 0)
            {
                return (detected, servers);
            }
        }

        throw own ?? new ProblemException(DraftProblems.InvalidImport(
            $"The content is a {detected.DisplayName} file with no MCP servers in it; nothing to import."));
    }

    private static ImportResult Combine(DraftState state, IReadOnlyList<DraftEntry> imported, ImportMode mode)
    {
        var entries = mode == ImportMode.Replace
            ? new SortedDictionary<string, DraftEntry>(StringComparer.Ordinal)
            : new SortedDictionary<string, DraftEntry>(state.Entries.ToDictionary(), StringComparer.Ordinal);
        var added = new List<string>();
        var updated = new List<string>();
        var unchanged = new List<string>();
        foreach (var entry in imported)
        {
            if (state.Entries.TryGetValue(entry.Name, out var existing))
            {
                (Canonical(existing) == Canonical(entry) ? unchanged : updated).Add(entry.Name);
            }
            else
            {
                added.Add(entry.Name);
            }

            entries[entry.Name] = entry;
        }

        var removed = mode == ImportMode.Replace ? state.Entries.Keys.Where(name => !entries.ContainsKey(name)).ToList() : [];
        if (entries.Count > DraftChange.MaxEntries)
        {
            throw new ProblemException(DraftProblems.DraftFull(state.ClientId, state.ProfileId, DraftChange.MaxEntries));
        }

        return new ImportResult
        {
            Mode = mode,
            Format = string.Empty,
            Entries = [.. entries.Values],
            Added = [.. added.Order(StringComparer.Ordinal)],
            Updated = [.. updated.Order(StringComparer.Ordinal)],
            Unchanged = [.. unchanged.Order(StringComparer.Ordinal)],
            Removed = removed,
            ETag = state.ETag,
        };
    }

    /// <summary>An entry's stored form, which also bounds its size: 400 <c>entry_too_large</c>.</summary>
    private static string Serialize(DraftEntry entry)
    {
        var json = JsonSerializer.Serialize(entry, StorageJson.Options);
        return json.Length > MaxEntryChars ? throw new ProblemException(DraftProblems.EntryTooLarge(entry.Name, json.Length, MaxEntryChars)) : json;
    }

    /// <summary>A comparable form of an entry: its JSON with every map in key order.</summary>
    private static string Canonical(DraftEntry entry)
    {
        static SortedDictionary<string, string> Sorted(IReadOnlyDictionary<string, string>? map) => new(map?.ToDictionary() ?? [], StringComparer.Ordinal);
        var normal = entry with
        {
            Params = Sorted(entry.Params),
            Env = Sorted(entry.Env),
            Inline = entry.Inline is null ? null : entry.Inline with { Env = Sorted(entry.Inline.Env), Headers = Sorted(entry.Inline.Headers) },
        };
        return JsonSerializer.Serialize(normal, StorageJson.Options);
    }

    /// <summary>The client with this id, or 404 <c>client_not_found</c> (a string that is not an id is never echoed).</summary>
    private ClientDefinition Client(string clientId) =>
        Ids.IsValid(clientId) ? _clients.Get(clientId) : throw new ProblemException(ClientProblems.ClientNotFound(null, _clients.All));

    private static void CheckProfileId(string profileId)
    {
        if (!Ids.IsValid(profileId))
        {
            throw new ProblemException(ProfileProblems.InvalidProfileId(profileId));
        }
    }
}
