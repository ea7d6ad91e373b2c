using Azure.Data.Tables;
using McpOrchestrator.Core.Profiles;
using McpOrchestrator.Core.Registry;

namespace McpOrchestrator.Core.Drafts;

/// <summary>A draft being changed in memory by a batch of changes, collecting the rows of the one entity group
/// transaction that will commit them. A change that would touch a row already touched in this batch, or overflow the
/// transaction, is deferred to the next batch.</summary>
internal sealed class WorkingDraft
{
    /// <summary>Row actions per transaction, leaving one for the header.</summary>
    public const int MaxActions = 99;

    /// <summary>Characters of entry JSON per transaction, well below the 4 MiB body limit.</summary>
    public const int MaxChars = 1_500_000;

    private readonly DraftState _state;
    private readonly HashSet<string> _touched = new(StringComparer.Ordinal);
    private readonly List<TableTransactionAction> _actions = [];
    private int _chars;
    private bool _changed;

    public WorkingDraft(DraftState state)
    {
        _state = state;
        Generation = state.Generation ?? ProfileStore.NewGeneration();
        Version = state.Version;
        Entries = new SortedDictionary<string, DraftEntry>(state.Entries.ToDictionary(), StringComparer.Ordinal);
    }

    public string ClientId => _state.ClientId;

    public string ProfileId => _state.ProfileId;

    public string Generation { get; private set; }

    public long Version { get; private set; }

    public SortedDictionary<string, DraftEntry> Entries { get; }

    public List<string> RetiredGenerations { get; } = [];

    public bool Changed => _changed;

    public string ETag => _changed ? DraftState.MakeETag(Generation, Version) : _state.ETag;

    public bool TryAdd(DraftEntry entry, string json, DateTimeOffset now)
    {
        var key = ProfileStore.EntryKey(ProfileId, Generation, entry.Name);
        if (!Reserve(key, json.Length))
        {
            return false;
        }

        var row = new TableEntity(ClientId, key) { ["AddedAt"] = now };
        StorageJson.Write(row, entry);
        _actions.Add(new TableTransactionAction(TableTransactionActionType.Add, row));
        Entries[entry.Name] = entry;
        Bump();
        return true;
    }

    public bool TryRemove(string name)
    {
        var key = ProfileStore.EntryKey(ProfileId, Generation, name);
        if (!Reserve(key, 0))
        {
            return false;
        }

        _actions.Add(new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(ClientId, key), Azure.ETag.All));
        Entries.Remove(name);
        Bump();
        return true;
    }

    /// <summary>Empties the draft by switching to a new generation; the old one's rows are deleted after the commit.</summary>
    public void Clear()
    {
        if (_state.Generation is not null || _touched.Count > 0)
        {
            RetiredGenerations.Add(Generation);
        }

        Generation = ProfileStore.NewGeneration();
        Entries.Clear();
        Bump();
    }

    /// <summary>The transaction: the header (created for an implicit <c>default</c> profile, otherwise updated on
    /// the condition that it is still the one read), then the entry rows.</summary>
    public IReadOnlyList<TableTransactionAction> Actions(DateTimeOffset now)
    {
        var header = new TableEntity(ClientId, ProfileStore.HeaderKey(ProfileId))
        {
            ["Generation"] = Generation,
            ["Version"] = Version,
            ["EntryCount"] = Entries.Count,
            ["DraftUpdatedAt"] = now,
        };
        TableTransactionAction headerAction;
        if (_state.Header is null)
        {
            header["CreatedAt"] = now;
            header["UpdatedAt"] = now;
            headerAction = new TableTransactionAction(TableTransactionActionType.Add, header);
        }
        else
        {
            headerAction = new TableTransactionAction(TableTransactionActionType.UpdateMerge, header, _state.Header.ETag);
        }

        return [headerAction, .. _actions];
    }

    private bool Reserve(string key, int chars)
    {
        if (_touched.Contains(key) || _actions.Count >= MaxActions || (_chars + chars > MaxChars && _actions.Count > 0))
        {
            return false;
        }

        _touched.Add(key);
        _chars += chars;
        return true;
    }

    private void Bump()
    {
        Version++;
        _changed = true;
    }
}
