using McpOrchestrator.Core.Configs;
using McpOrchestrator.Core.Paging;
using McpOrchestrator.Core.Problems;
using Microsoft.Extensions.Options;

namespace McpOrchestrator.Core.Registry;

/// <summary>
/// The server registry: <see cref="BuiltInServers"/> plus custom entries from <see cref="CustomServerStore"/>. Reads
/// are served from an in-memory snapshot of the custom entries, so listing stays fast at 10,000 entries: a write
/// through this instance invalidates it at once; after <see cref="RegistryOptions.SnapshotTtl"/> one point read of the
/// store's version stamp tells whether another instance changed anything, and only then is everything reloaded.
/// Lists are ordered by id (ordinal). Refusals are <see cref="ProblemException"/>s (<see cref="RegistryProblems"/>).
/// </summary>
public sealed class ServerRegistry
{
    private static readonly Dictionary<string, ServerDefinition> BuiltIns =
        BuiltInServers.All.ToDictionary(s => s.Id, StringComparer.Ordinal);

    private const string CursorList = "servers";

    private readonly CustomServerStore _store;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _ttl;
    private readonly Lock _gate = new();
    private Snapshot? _snapshot;
    private long _writes;
    private (long Writes, Task<Snapshot> Task)? _refresh;

    public ServerRegistry(CustomServerStore store, TimeProvider clock, IOptions<RegistryOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _clock = clock;
        _ttl = options.Value.SnapshotTtl;
    }

    public static bool IsBuiltIn(string id) => BuiltIns.ContainsKey(id);

    /// <summary>Entries matching every given filter, ordered by id. 400 <c>invalid_query</c> for a transport other than
    /// stdio/http/sse, a malformed tag, or a search text that is too long or holds control characters.</summary>
    public async Task<IReadOnlyList<ServerDefinition>> ListAsync(ServerQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var (terms, transport, tag) = Parse(query);
        var snapshot = await GetSnapshotAsync(cancellationToken);
        if (terms.Length == 0 && transport is null && tag is null)
        {
            return snapshot.All;
        }

        var result = new List<ServerDefinition>();
        foreach (var item in snapshot.Items)
        {
            if (Matches(item, terms, transport, tag))
            {
                result.Add(item.Server);
            }
        }

        return result;
    }

    /// <summary>
    /// One page of the entries matching every given filter, in id order: at most <see cref="PageRequest.Limit"/>
    /// entries with an id after the cursor's. Served from the snapshot: a binary search finds the cursor's place and
    /// the scan stops one match past the page, so the default page costs the same at 100 and at 10,000 entries
    /// without filters. 400 <c>invalid_query</c> as <see cref="ListAsync"/>, 400 <c>invalid_cursor</c>.
    /// </summary>
    public async Task<ListPage<ServerDefinition>> ListPageAsync(ServerQuery query, PageRequest page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(page);
        var (terms, transport, tag) = Parse(query);
        var after = PageCursor.Read(page.Cursor, CursorList, Ids.IsValid);
        var snapshot = await GetSnapshotAsync(cancellationToken);
        var items = snapshot.Items;
        var start = 0;
        if (after is not null)
        {
            // The first entry whose id sorts after the cursor's (the cursor's own entry may have been deleted since).
            var (low, high) = (0, items.Count);
            while (low < high)
            {
                var middle = (low + high) / 2;
                (low, high) = string.CompareOrdinal(items[middle].Server.Id, after) <= 0 ? (middle + 1, high) : (low, middle);
            }

            start = low;
        }

        var found = new List<ServerDefinition>(Math.Min(page.Limit, items.Count - start));
        for (var i = start; i < items.Count; i++)
        {
            var item = items[i];
            if (Matches(item, terms, transport, tag))
            {
                if (found.Count == page.Limit)
                {
                    return new ListPage<ServerDefinition>(found, PageCursor.Write(CursorList, found[^1].Id));
                }

                found.Add(item.Server);
            }
        }

        return new ListPage<ServerDefinition>(found, null);
    }

    /// <summary>One entry; 400 <c>invalid_server_id</c>, 404 <c>server_not_found</c>.</summary>
    public async Task<ServerDefinition> GetAsync(string id, CancellationToken cancellationToken)
    {
        if (!Ids.IsValid(id))
        {
            throw new ProblemException(RegistryProblems.InvalidServerId(id));
        }

        return await FindAsync(id, cancellationToken) ?? throw new ProblemException(RegistryProblems.ServerNotFound(id));
    }

    /// <summary>The entry with this id, or null (also for a string that is not an id).</summary>
    public async Task<ServerDefinition?> FindAsync(string? id, CancellationToken cancellationToken)
    {
        if (!Ids.IsValid(id))
        {
            return null;
        }

        if (BuiltIns.TryGetValue(id, out var builtIn))
        {
            return builtIn;
        }

        // A fresh snapshot answers hits; a miss is read from storage, so an entry another instance registered a
        // moment ago is found at once.
        var snapshot = _snapshot;
        if (snapshot is not null && IsFresh(snapshot) && snapshot.ById.TryGetValue(id, out var known))
        {
            return known;
        }

        return await _store.FindAsync(id, cancellationToken);
    }

    /// <summary>
    /// Registers or replaces the custom entry <paramref name="id"/>. 400 <c>invalid_server_id</c> /
    /// <c>invalid_server_definition</c> (see <see cref="ServerDefinitionValidator"/>), <c>forbidden_env_var</c> (an env
    /// var the service never passes to a server it runs, <see cref="Mcp.InjectionVariables"/>), 409 <c>builtin_server</c>.
    /// <c>Created</c> tells 201 from 200.
    /// </summary>
    public async Task<(ServerDefinition Server, bool Created)> PutCustomAsync(string id, ServerDefinitionRequest request, CancellationToken cancellationToken)
    {
        if (!Ids.IsValid(id))
        {
            throw new ProblemException(RegistryProblems.InvalidServerId(id));
        }

        if (IsBuiltIn(id))
        {
            throw new ProblemException(RegistryProblems.BuiltInServer(id));
        }

        var server = ServerDefinitionValidator.ToDefinition(id, request);
        if (Mcp.InjectionVariables.Find(server.Env.All.Select(v => v.Name)) is [var forbidden, ..])
        {
            throw new ProblemException(RegistryProblems.ForbiddenEnvVar(id, forbidden));
        }

        Invalidate();
        try
        {
            var created = await _store.PutAsync(server, _clock.GetUtcNow(), cancellationToken);
            return (server, created);
        }
        finally
        {
            Invalidate();
        }
    }

    /// <summary>Removes a custom entry. 400 <c>invalid_server_id</c>, 404 <c>server_not_found</c>, 409 <c>builtin_server</c>.
    /// Drafts that use it keep their entries; validation then reports <c>unknown_server</c>.</summary>
    public async Task DeleteCustomAsync(string id, CancellationToken cancellationToken)
    {
        if (!Ids.IsValid(id))
        {
            throw new ProblemException(RegistryProblems.InvalidServerId(id));
        }

        if (IsBuiltIn(id))
        {
            throw new ProblemException(RegistryProblems.BuiltInServer(id));
        }

        Invalidate();
        bool deleted;
        try
        {
            deleted = await _store.DeleteAsync(id, cancellationToken);
        }
        finally
        {
            Invalidate();
        }

        if (!deleted)
        {
            throw new ProblemException(RegistryProblems.ServerNotFound(id));
        }
    }

    private static (string[] Terms, Transport? Transport, string? Tag) Parse(ServerQuery query)
    {
        var q = query.Q?.Trim();
        if (q is { Length: > ServerQuery.MaxQueryLength })
        {
            throw new ProblemException(RegistryProblems.InvalidQuery(
                $"The search text q has {Display.Count(q.Length)} characters; shorten it to at most {Display.Count(ServerQuery.MaxQueryLength)}."));
        }

        if (q is not null && Display.HasForbiddenCharacters(q))
        {
            throw new ProblemException(RegistryProblems.InvalidQuery("The search text q contains a control or invisible formatting character; search with visible text."));
        }

        Transport? transport = query.Transport switch
        {
            null or "" => null,
            "stdio" => Transport.Stdio,
            "http" => Transport.Http,
            "sse" => Transport.Sse,
            _ => throw new ProblemException(RegistryProblems.InvalidQuery(
                $"transport={Display.Quote(query.Transport)} is not a transport; use stdio, http or sse.")),
        };

        var tag = string.IsNullOrEmpty(query.Tag) ? null : query.Tag;
        if (tag is not null && (tag.Length > 32 || Display.HasForbiddenCharacters(tag) || tag.Any(c => !(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))))
        {
            throw new ProblemException(RegistryProblems.InvalidQuery(
                $"tag={Display.Quote(tag)} is not a tag; tags are lowercase letters, digits and '-', e.g. tag=database."));
        }

        var terms = string.IsNullOrEmpty(q) ? [] : q.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return (terms, transport, tag);
    }

    private static bool Matches(Item item, string[] terms, Transport? transport, string? tag) =>
        (transport is null || item.Server.Transport == transport)
        && (tag is null || item.Server.Tags.Contains(tag, StringComparer.Ordinal))
        && terms.All(term => item.SearchText.Contains(term, StringComparison.Ordinal));

    private bool IsFresh(Snapshot snapshot)
    {
        var now = _clock.GetUtcNow();
        return now >= snapshot.CheckedAt && now - snapshot.CheckedAt < _ttl;
    }

    private void Invalidate()
    {
        lock (_gate)
        {
            _writes++;
            _snapshot = null;
        }
    }

    private async Task<Snapshot> GetSnapshotAsync(CancellationToken cancellationToken)
    {
        Task<Snapshot> task;
        lock (_gate)
        {
            if (_snapshot is { } current && IsFresh(current))
            {
                return current;
            }

            // Join a refresh only if it started after the last write through this instance.
            if (_refresh is { } running && running.Writes == _writes && !running.Task.IsCompleted)
            {
                task = running.Task;
            }
            else
            {
                task = RefreshAsync(_snapshot, _writes);
                _refresh = (_writes, task);
            }
        }

        return await task.WaitAsync(cancellationToken);
    }

    private async Task<Snapshot> RefreshAsync(Snapshot? previous, long writes)
    {
        await Task.Yield();
        var checkedAt = _clock.GetUtcNow();
        Snapshot next;
        if (previous is not null && await _store.ReadVersionAsync(CancellationToken.None) == previous.Version)
        {
            next = previous with { CheckedAt = checkedAt };
        }
        else
        {
            var (version, customs) = await _store.ReadAllAsync(CancellationToken.None);
            next = Snapshot.Create(version, customs, checkedAt);
        }

        lock (_gate)
        {
            if (_writes == writes)
            {
                _snapshot = next;
            }
        }

        return next;
    }

    private sealed record Item(ServerDefinition Server, string SearchText);

    private sealed record Snapshot(string? Version, IReadOnlyList<Item> Items, Dictionary<string, ServerDefinition> ById, DateTimeOffset CheckedAt)
    {
        public IReadOnlyList<ServerDefinition> All { get; } = [.. Items.Select(i => i.Server)];

        public static Snapshot Create(string? version, IReadOnlyList<ServerDefinition> customs, DateTimeOffset checkedAt)
        {
            var byId = new Dictionary<string, ServerDefinition>(StringComparer.Ordinal);
            foreach (var server in customs)
            {
                if (!BuiltIns.ContainsKey(server.Id))
                {
                    byId[server.Id] = server;
                }
            }

            var items = BuiltInServers.All.Concat(byId.Values)
                .OrderBy(s => s.Id, StringComparer.Ordinal)
                .Select(s => new Item(s, string.Join('\n', [s.Id, s.Name, s.Description ?? string.Empty, .. s.Tags]).ToLowerInvariant()))
                .ToList();
            return new Snapshot(version, items, byId, checkedAt);
        }
    }
}
