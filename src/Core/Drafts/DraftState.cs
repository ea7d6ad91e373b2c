using Azure.Data.Tables;
using McpOrchestrator.Core.Profiles;
using McpOrchestrator.Core.Registry;

namespace McpOrchestrator.Core.Drafts;

/// <summary>A draft as stored: the header row (null when the profile has none yet), the current generation's entries
/// and the storage ETag every change is conditional on.</summary>
internal sealed record DraftState(
    string ClientId,
    string ProfileId,
    TableEntity? Header,
    string? Generation,
    long Version,
    IReadOnlyDictionary<string, DraftEntry> Entries,
    DateTimeOffset? UpdatedAt)
{
    public const string DefaultProfile = "default";
    public const string NeverWrittenETag = "\"0\"";

    /// <summary>Every client has <c>default</c>, row or not; other profiles exist when their row does.</summary>
    public bool ProfileExists => Header is not null || ProfileId == DefaultProfile;

    public string ETag => MakeETag(Generation, Version);

    public static string MakeETag(string? generation, long version) =>
        generation is null ? NeverWrittenETag : $"\"{version.ToString(System.Globalization.CultureInfo.InvariantCulture)}-{generation}\"";

    public static DraftState From(string client, string profile, TableEntity? header, IReadOnlyList<TableEntity> rows)
    {
        var generation = header?.GetString("Generation");
        var entries = new SortedDictionary<string, DraftEntry>(StringComparer.Ordinal);
        if (generation is not null)
        {
            var prefix = ProfileStore.EntryPrefix(profile, generation);
            foreach (var row in rows)
            {
                if (row.RowKey.StartsWith(prefix, StringComparison.Ordinal) && StorageJson.Read<DraftEntry>(row) is { } entry)
                {
                    entries[entry.Name] = entry;
                }
            }
        }

        return new DraftState(client, profile, header, generation, header?.GetInt64("Version") ?? 0, entries,
            header?["DraftUpdatedAt"] is DateTimeOffset updated ? updated : null);
    }

    public Draft ToDraft() => new()
    {
        ClientId = ClientId,
        ProfileId = ProfileId,
        Entries = [.. Entries.Values],
        ETag = ETag,
        Version = Version,
        UpdatedAt = UpdatedAt,
    };
}
