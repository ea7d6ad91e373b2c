using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using McpOrchestrator.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace McpOrchestrator.Core.Access;

/// <summary>
/// API tokens in the <c>Tokens</c> table (partition <c>token</c>, RowKey = <see cref="TokenFormat.Hash"/> of the
/// secret, so validation is one point read) and this instance's validation cache. The cache holds validated tokens
/// for at most <see cref="AccessOptions.ValidationCacheTtl"/> (≤ 5 s), so a revocation on another instance takes
/// effect within that time; a revocation through this instance evicts at once. Revoked and expired tokens are never
/// cached; unknown ones are remembered as unknown for <see cref="AccessOptions.NegativeCacheTtl"/>
/// (<see cref="NegativeTokenCache"/>), and issuing a token through this instance forgets its hash there. One per host, shared by <see cref="TokenService"/> and <see cref="CredentialValidator"/>.
/// </summary>
public sealed class TokenStore
{
    public const string TableName = "Tokens";

    private readonly TableClient _table;
    private readonly AccessOptions _options;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, CachedToken> _cache = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _revokedHere = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _touching = new(StringComparer.Ordinal);
    private readonly NegativeTokenCache _unknown;
    private long _issued;

    public TokenStore(TableServiceClient tables, IOptions<AccessOptions> options, ILogger<TokenStore>? logger = null)
        : this(tables, options, TableName, logger)
    {
    }

    /// <summary>A store on another table, so tests sharing one storage account keep their tokens apart.</summary>
    internal TokenStore(TableServiceClient tables, IOptions<AccessOptions> options, string tableName, ILogger<TokenStore>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(options);
        _table = tables.GetCheckedTableClient(tableName);
        _options = options.Value;
        _logger = logger ?? NullLogger<TokenStore>.Instance;
        _unknown = new NegativeTokenCache(_options.NegativeCacheTtl, _options.NegativeCacheSize);
    }

    internal TableClient Table => _table;

    internal int CachedCount => _cache.Count;

    internal int UnknownCount => _unknown.Count;

    /// <summary>Changes each time a token is issued through this instance; see <see cref="RememberUnknown"/>.</summary>
    internal long IssuedHere => Interlocked.Read(ref _issued);

    internal async Task AddAsync(TokenRecord record, CancellationToken cancellationToken)
    {
        await _table.CreateIfNotExistsAsync(cancellationToken);
        await _table.AddEntityAsync(record.ToEntity(), cancellationToken);
        Interlocked.Increment(ref _issued);
        _unknown.Remove(record.Hash);
    }

    /// <summary>Whether storage said less than the negative TTL ago that it knows no token with this hash.</summary>
    internal bool IsKnownUnknown(string hash, DateTimeOffset now) => _unknown.Contains(hash, now);

    /// <summary>Remembers that storage knows no token with this hash, unless a token was issued through this
    /// instance since <paramref name="issuedBefore"/> (<see cref="IssuedHere"/> read before the lookup), so a lookup
    /// that raced an issue cannot refuse the new token.</summary>
    internal void RememberUnknown(string hash, DateTimeOffset now, long issuedBefore)
    {
        if (IssuedHere == issuedBefore)
        {
            _unknown.Add(hash, now);
        }
    }

    /// <summary>The token whose secret hashes to <paramref name="hash"/>, or null (also before any token was issued).</summary>
    internal async Task<TokenRecord?> FindByHashAsync(string hash, CancellationToken cancellationToken)
    {
        var entity = await _table.GetEntityOrNullAsync(TokenRecord.Partition, hash, cancellationToken);
        return entity is null ? null : TokenRecord.FromEntity(entity);
    }

    /// <summary>Up to <paramref name="limit"/> tokens in RowKey (hash) order whose hash is at or after
    /// <paramref name="fromHash"/> (all when null), and whether more follow.</summary>
    internal async Task<(IReadOnlyList<TokenRecord> Records, bool More)> ListPageAsync(string? fromHash, int limit, CancellationToken cancellationToken)
    {
        var filter = fromHash is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {TokenRecord.Partition}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {TokenRecord.Partition} and RowKey ge {fromHash}");
        var (rows, more) = await _table.QueryPageAsync(filter, limit, cancellationToken: cancellationToken);
        return (rows.ConvertAll(TokenRecord.FromEntity), more);
    }

    /// <summary>
    /// Sets <c>RevokedAt</c> on the token with this id (an ETag-guarded merge, re-read when another writer got there
    /// first) and evicts it from this instance's cache. Returns null for an unknown id; a token that was already
    /// revoked is returned unchanged with <c>Changed</c> false.
    /// </summary>
    internal async Task<(TokenRecord Record, bool Changed)?> RevokeAsync(string id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        while (true)
        {
            var record = await FindByIdAsync(id, cancellationToken);
            if (record is null)
            {
                return null;
            }

            if (record.RevokedAt is not null)
            {
                Evict(record.Hash, now);
                return (record, false);
            }

            try
            {
                var revoked = new TableEntity(TokenRecord.Partition, record.Hash) { [nameof(TokenRecord.RevokedAt)] = now };
                var etag = (await _table.UpdateEntityAsync(revoked, record.ETag, TableUpdateMode.Merge, cancellationToken)).ETagOf();
                Evict(record.Hash, now);
                return (record with { RevokedAt = now, ETag = etag }, true);
            }
            catch (RequestFailedException e) when (e.Status is 404 or 412)
            {
                // Changed (e.g. lastUsedAt) or deleted since it was read: read it again.
            }
        }
    }

    /// <summary>A validated token from this instance's cache, if it was cached less than the TTL ago.</summary>
    internal TokenRecord? GetCached(string hash, DateTimeOffset now)
    {
        if (!_cache.TryGetValue(hash, out var entry))
        {
            return null;
        }

        if (IsFresh(entry, now) && !_revokedHere.ContainsKey(hash))
        {
            return entry.Record;
        }

        _cache.TryRemove(KeyValuePair.Create(hash, entry));
        return null;
    }

    /// <summary>Caches a token that has just been read from storage and found valid.</summary>
    internal void Remember(TokenRecord record, DateTimeOffset now)
    {
        if (_options.ValidationCacheTtl <= TimeSpan.Zero || _revokedHere.ContainsKey(record.Hash))
        {
            return;
        }

        if (_cache.Count >= _options.ValidationCacheSize)
        {
            foreach (var stale in _cache.Where(pair => !IsFresh(pair.Value, now)))
            {
                _cache.TryRemove(stale);
            }

            if (_cache.Count >= _options.ValidationCacheSize)
            {
                return;
            }
        }

        _cache[record.Hash] = new CachedToken(record, now);
        if (_revokedHere.ContainsKey(record.Hash))
        {
            _cache.TryRemove(record.Hash, out _);
        }
    }

    internal void Forget(string hash) => _cache.TryRemove(hash, out _);

    /// <summary>
    /// Writes <c>LastUsedAt</c> = <paramref name="now"/> when the stored value is older than
    /// <see cref="AccessOptions.LastUsedInterval"/> (or absent): an ETag-guarded merge, at most one at a time per token
    /// on this instance. A lost race (412) is ignored; any other failure is logged and ignored.
    /// </summary>
    internal async Task TouchIfDueAsync(TokenRecord record, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if ((record.LastUsedAt is { } last && now - last < _options.LastUsedInterval) || record.ETag == default)
        {
            return;
        }

        if (!_touching.TryAdd(record.Hash, 0))
        {
            return;
        }

        try
        {
            var touched = new TableEntity(TokenRecord.Partition, record.Hash) { [nameof(TokenRecord.LastUsedAt)] = now };
            var etag = (await _table.UpdateEntityAsync(touched, record.ETag, TableUpdateMode.Merge, cancellationToken)).ETagOf();
            UpdateCached(record.Hash, cached => cached with { LastUsedAt = now, ETag = etag });
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            // Another instance wrote the row since it was read: its write is as good as ours.
            UpdateCached(record.Hash, cached => cached with { LastUsedAt = now });
        }
        catch (Exception e) when (e is RequestFailedException or StorageUnavailableException
                                  || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            AccessLog.LastUsedNotRecorded(_logger, record.Id, e switch
            {
                RequestFailedException failed => $"storage answered {failed.Status} {failed.ErrorCode}",
                StorageUnavailableException => "storage unavailable",
                _ => "timed out",
            });
            UpdateCached(record.Hash, cached => cached with { LastUsedAt = now });
        }
        finally
        {
            _touching.TryRemove(record.Hash, out _);
        }
    }

    private async Task<TokenRecord?> FindByIdAsync(string id, CancellationToken cancellationToken)
    {
        var rows = await _table.QueryOrEmptyAsync(
            TableClient.CreateQueryFilter($"PartitionKey eq {TokenRecord.Partition} and Id eq {id}"), cancellationToken: cancellationToken);
        return rows.Count == 0 ? null : TokenRecord.FromEntity(rows[0]);
    }

    /// <summary>Removes a token revoked through this instance from the cache and keeps it out for one TTL, so a
    /// validation that read the row just before the revocation cannot put it back.</summary>
    private void Evict(string hash, DateTimeOffset now)
    {
        foreach (var old in _revokedHere.Where(pair => now - pair.Value > _options.ValidationCacheTtl))
        {
            _revokedHere.TryRemove(old);
        }

        _revokedHere[hash] = now;
        _cache.TryRemove(hash, out _);
    }

    private bool IsFresh(CachedToken entry, DateTimeOffset now) =>
        now >= entry.CachedAt && now - entry.CachedAt < _options.ValidationCacheTtl;

    /// <summary>Updates a cached record in place, keeping when it was cached so the TTL is never extended.</summary>
    private void UpdateCached(string hash, Func<TokenRecord, TokenRecord> update)
    {
        if (_cache.TryGetValue(hash, out var entry))
        {
            _cache.TryUpdate(hash, entry with { Record = update(entry.Record) }, entry);
        }
    }

    private sealed record CachedToken(TokenRecord Record, DateTimeOffset CachedAt);
}
