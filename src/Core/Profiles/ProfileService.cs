using Azure;
using Azure.Data.Tables;
using McpOrchestrator.Core.Clients;
using McpOrchestrator.Core.Paging;
using McpOrchestrator.Core.Problems;
using McpOrchestrator.Core.Registry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace McpOrchestrator.Core.Profiles;

/// <summary>
/// Profiles of clients: list, get, create or describe (PUT, idempotent), delete. <c>default</c> exists implicitly
/// for every client: it is always listed, can be described, and cannot be deleted (409 <c>default_profile</c>).
/// Deleting a profile deletes its draft with it, and is refused (409 <c>profile_deployed</c>) while a version is
/// deployed unless forced. Unknown clients are 404 <c>client_not_found</c>.
/// </summary>
public sealed class ProfileService(
    ClientCatalog clients,
    ProfileStore store,
    IProfileVersionSource versions,
    TimeProvider clock,
    ILogger<ProfileService>? logger = null)
{
    public const string DefaultProfile = "default";
    private const int MaxAttempts = 32;
    private const string CursorList = "profiles";

    private readonly ILogger _logger = logger ?? NullLogger<ProfileService>.Instance;

    /// <summary>Every profile of the client, <c>default</c> included, in id order.</summary>
    public async Task<IReadOnlyList<Profile>> ListAsync(string clientId, CancellationToken cancellationToken)
    {
        var client = Client(clientId);
        var rows = await store.ListHeadersAsync(client.Id, cancellationToken);
        var published = await versions.GetVersionsAsync(client.Id, cancellationToken);
        var profiles = rows.Select(row => ToProfile(client.Id, row.RowKey[2..], row, published)).ToList();
        if (!profiles.Any(p => p.Id == DefaultProfile))
        {
            profiles.Add(ToProfile(client.Id, DefaultProfile, null, published));
        }

        return [.. profiles.OrderBy(p => p.Id, StringComparer.Ordinal)];
    }

    /// <summary>
    /// One page of the client's profiles, <c>default</c> included, in id order: at most
    /// <see cref="PageRequest.Limit"/> profiles with an id after the cursor's. 400 <c>invalid_cursor</c>.
    /// </summary>
    public async Task<ListPage<Profile>> ListPageAsync(string clientId, PageRequest page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(page);
        var client = Client(clientId);
        var after = PageCursor.Read(page.Cursor, CursorList, Ids.IsValid);
        var (rows, more) = await store.ListHeadersPageAsync(client.Id, after, page.Limit, cancellationToken);
        var listed = rows.ConvertAll(row => (Id: row.RowKey[2..], Row: (TableEntity?)row));

        // 'default' has no row until it is described; list it where it sorts, within the key range this page covers.
        var coversDefault = string.CompareOrdinal(DefaultProfile, after) > 0
            && (!more || string.CompareOrdinal(DefaultProfile, listed[^1].Id) < 0);
        if (coversDefault && !listed.Exists(p => p.Id == DefaultProfile))
        {
            listed.Add((DefaultProfile, null));
            listed.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
            if (listed.Count > page.Limit)
            {
                listed.RemoveAt(listed.Count - 1);
                more = true;
            }
        }

        if (listed.Count == 0)
        {
            return new ListPage<Profile>([], null);
        }

        var published = await versions.GetVersionsAsync(client.Id, listed[0].Id, listed[^1].Id, cancellationToken);
        var profiles = listed.ConvertAll(p => ToProfile(client.Id, p.Id, p.Row, published));
        return new ListPage<Profile>(profiles, more ? PageCursor.Write(CursorList, listed[^1].Id) : null);
    }

    /// <summary>One profile; 400 <c>invalid_profile_id</c>, 404 <c>profile_not_found</c>.</summary>
    public async Task<Profile> GetAsync(string clientId, string profileId, CancellationToken cancellationToken)
    {
        var client = Client(clientId);
        CheckId(profileId);
        var row = await store.GetHeaderAsync(client.Id, profileId, cancellationToken);
        if (row is null && profileId != DefaultProfile)
        {
            throw new ProblemException(ProfileProblems.ProfileNotFound(client.Id, profileId));
        }

        return ToProfile(client.Id, profileId, row, await versions.GetVersionsAsync(client.Id, cancellationToken));
    }

    /// <summary>Creates the profile, or updates its description; idempotent. <c>Created</c> is false when it existed
    /// (<c>default</c> always exists). 400 <c>invalid_profile_id</c>, <c>invalid_description</c>.</summary>
    public async Task<(Profile Profile, bool Created)> PutAsync(string clientId, string profileId, ProfileRequest? request, CancellationToken cancellationToken)
    {
        var client = Client(clientId);
        CheckId(profileId);
        var description = CheckDescription(request?.Description);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var now = clock.GetUtcNow();
            var row = await store.GetHeaderAsync(client.Id, profileId, cancellationToken);
            try
            {
                if (row is null)
                {
                    var created = new TableEntity(client.Id, ProfileStore.HeaderKey(profileId)) { ["CreatedAt"] = now, ["UpdatedAt"] = now };
                    if (!string.IsNullOrEmpty(description))
                    {
                        created["Description"] = description;
                    }

                    await store.AddAsync(created, cancellationToken);
                }
                else if (description is not null && description != (row.GetString("Description") ?? string.Empty))
                {
                    var update = new TableEntity(client.Id, row.RowKey) { ["UpdatedAt"] = now, ["Description"] = description };
                    await store.UpdateAsync(update, row.ETag, cancellationToken);
                }

                var profile = await GetAsync(client.Id, profileId, cancellationToken);
                return (profile, row is null && profileId != DefaultProfile);
            }
            catch (RequestFailedException e) when (e.Status is 404 or 409 or 412)
            {
                // Created, changed or deleted meanwhile: read again.
            }
        }

        throw new ProblemException(new Problem { Status = 503, Code = "profile_busy", Title = "Profile busy", Detail = "The profile is being changed by others at this moment; retry." });
    }

    /// <summary>Deletes the profile and its draft. 404 <c>profile_not_found</c>, 409 <c>default_profile</c>,
    /// 409 <c>profile_deployed</c> (unless <paramref name="force"/>).</summary>
    public async Task DeleteAsync(string clientId, string profileId, bool force, CancellationToken cancellationToken)
    {
        var client = Client(clientId);
        CheckId(profileId);
        if (profileId == DefaultProfile)
        {
            throw new ProblemException(ProfileProblems.DefaultProfile(client.Id));
        }

        if (!force && (await versions.GetVersionsAsync(client.Id, cancellationToken)).GetValueOrDefault(profileId)?.DeployedVersion is { } deployed)
        {
            throw new ProblemException(ProfileProblems.ProfileDeployed(client.Id, profileId, deployed));
        }

        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var (header, rows) = await store.ReadDraftAsync(client.Id, profileId, cancellationToken);
            if (header is null)
            {
                throw new ProblemException(ProfileProblems.ProfileNotFound(client.Id, profileId));
            }

            try
            {
                await store.DeleteAsync(client.Id, header.RowKey, header.ETag, cancellationToken);
            }
            catch (RequestFailedException e) when (e.Status == 412)
            {
                continue;
            }

            // Rows of generations that existed when the header went; a draft of a profile created again later uses new ones.
            var prefix = ProfileStore.EntryPrefix(profileId);
            var generations = rows.Select(r => r.RowKey[prefix.Length..]).Select(rest => rest[..Math.Max(0, rest.IndexOf('|', StringComparison.Ordinal))]).Distinct(StringComparer.Ordinal);
            await store.DeleteGenerationsAsync(client.Id, profileId, generations, CancellationToken.None);
            await versions.ProfileDeletedAsync(client.Id, profileId, cancellationToken);
            ProfileLog.ProfileDeleted(_logger, client.Id, profileId, force);
            return;
        }

        throw new ProblemException(new Problem { Status = 503, Code = "profile_busy", Title = "Profile busy", Detail = "The profile is being changed by others at this moment; retry." });
    }

    /// <summary>The client with this id, or 404 <c>client_not_found</c> (a string that is not an id is never echoed).</summary>
    private ClientDefinition Client(string clientId) =>
        Ids.IsValid(clientId) ? clients.Get(clientId) : throw new ProblemException(ClientProblems.ClientNotFound(null, clients.All));

    private static Profile ToProfile(string clientId, string profileId, TableEntity? row, IReadOnlyDictionary<string, ProfileVersions> published)
    {
        var versions = published.GetValueOrDefault(profileId) ?? ProfileVersions.None;
        return new Profile
        {
            ClientId = clientId,
            Id = profileId,
            Description = row?.GetString("Description") is { Length: > 0 } description ? description : null,
            CreatedAt = row?["CreatedAt"] as DateTimeOffset?,
            UpdatedAt = row?["UpdatedAt"] as DateTimeOffset?,
            DraftEntries = row?.GetInt32("EntryCount") ?? 0,
            LatestVersion = versions.LatestVersion,
            DeployedVersion = versions.DeployedVersion,
        };
    }

    private static void CheckId(string profileId)
    {
        if (!Ids.IsValid(profileId))
        {
            throw new ProblemException(ProfileProblems.InvalidProfileId(profileId));
        }
    }

    private static string? CheckDescription(string? description)
    {
        if (description is null)
        {
            return null;
        }

        var trimmed = description.Trim();
        if (trimmed.Length > ProfileRequest.MaxDescriptionLength)
        {
            throw new ProblemException(ProfileProblems.InvalidDescription(
                $"The description has {Display.Count(trimmed.Length)} characters; shorten it to at most {Display.Count(ProfileRequest.MaxDescriptionLength)}."));
        }

        if (Display.HasForbiddenCharacters(trimmed))
        {
            throw new ProblemException(ProfileProblems.InvalidDescription(
                "The description contains a control or invisible formatting character (a line break, tab or similar); use one line of visible text."));
        }

        return trimmed;
    }
}
