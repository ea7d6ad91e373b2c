using Azure;
using Azure.Data.Tables;

namespace McpOrchestrator.Core.Access;

/// <summary>A token's row in the <c>Tokens</c> table: RowKey = <see cref="Hash"/> (so validation is one point read),
/// the rest as properties. <see cref="ETag"/> is the version it was read at.</summary>
internal sealed record TokenRecord(
    string Hash,
    string Id,
    string Name,
    IReadOnlyList<string> Scopes,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? LastUsedAt,
    DateTimeOffset? RevokedAt,
    string CreatedBy,
    ETag ETag = default)
{
    public const string Partition = "token";

    public bool IsExpiredAt(DateTimeOffset now) => ExpiresAt is { } expiresAt && now >= expiresAt;

    public TableEntity ToEntity() => new(Partition, Hash)
    {
        [nameof(Id)] = Id,
        [nameof(Name)] = Name,
        [nameof(Scopes)] = string.Join(' ', Scopes),
        [nameof(CreatedAt)] = CreatedAt,
        [nameof(ExpiresAt)] = ExpiresAt,
        [nameof(LastUsedAt)] = LastUsedAt,
        [nameof(RevokedAt)] = RevokedAt,
        [nameof(CreatedBy)] = CreatedBy,
    };

    /// <summary>Reads a row; scopes this version does not know are dropped rather than granted.</summary>
    public static TokenRecord FromEntity(TableEntity entity) => new(
        entity.RowKey,
        entity.GetString(nameof(Id)) ?? string.Empty,
        entity.GetString(nameof(Name)) ?? string.Empty,
        ParseScopes(entity.GetString(nameof(Scopes))),
        Time(entity, nameof(CreatedAt)) ?? DateTimeOffset.MinValue,
        Time(entity, nameof(ExpiresAt)),
        Time(entity, nameof(LastUsedAt)),
        Time(entity, nameof(RevokedAt)),
        entity.GetString(nameof(CreatedBy)) ?? string.Empty,
        entity.ETag);

    public TokenInfo ToInfo() => new()
    {
        Id = Id,
        Name = Name,
        Scopes = Scopes,
        CreatedAt = CreatedAt,
        ExpiresAt = ExpiresAt,
        LastUsedAt = LastUsedAt,
        RevokedAt = RevokedAt,
        CreatedBy = CreatedBy,
    };

    public Principal ToPrincipal() => new(Principal.TokenKind, Id, Name, Scopes);

    // Through the indexer: TableEntity.GetDateTimeOffset answers default(DateTimeOffset), not null, for a missing property.
    private static DateTimeOffset? Time(TableEntity entity, string name) => entity[name] is DateTimeOffset value ? value : null;

    private static string[] ParseScopes(string? stored) =>
        stored is null ? [] : [.. Access.Scopes.All.Where(scope => stored.Split(' ').Contains(scope, StringComparer.Ordinal))];
}
