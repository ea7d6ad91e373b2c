using System.Globalization;
using McpOrchestrator.Core.Paging;
using McpOrchestrator.Core.Problems;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace McpOrchestrator.Core.Access;

/// <summary>
/// Issues, lists and revokes API tokens. A token's secret exists only in the <see cref="IssuedToken"/> returned by
/// <see cref="IssueAsync"/>; storage keeps its SHA-256. An issuer can grant only scopes it holds itself. Refusals are
/// <see cref="ProblemException"/>s with stable codes: 400 <c>invalid_token_name</c>, <c>invalid_scope</c>,
/// <c>invalid_expiry</c>; 403 <c>insufficient_scope</c>; 404 <c>token_not_found</c>.
/// </summary>
public sealed class TokenService(TokenStore store, TimeProvider clock, ILogger<TokenService>? logger = null)
{
    public const int MaxNameLength = 64;

    /// <summary>The furthest ahead an expiry may be.</summary>
    public const int MaxLifetimeYears = 10;

    private const string CursorList = "tokens";
    private const int CursorPrefixLength = 16;

    private readonly ILogger _logger = logger ?? NullLogger<TokenService>.Instance;

    /// <summary>Creates a token for <paramref name="request"/> on behalf of <paramref name="issuer"/> (recorded as
    /// <see cref="TokenInfo.CreatedBy"/>). The name is stored trimmed and the scopes deduplicated in canonical order.</summary>
    public async Task<IssuedToken> IssueAsync(CreateTokenRequest request, Principal issuer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(issuer);
        var now = clock.GetUtcNow();
        var name = ValidName(request.Name);
        var scopes = ValidScopes(request.Scopes);
        var expiresAt = ValidExpiry(request.ExpiresAt, now);
        foreach (var scope in scopes)
        {
            if (!issuer.Has(scope))
            {
                throw new ProblemException(CannotGrant(issuer, scope));
            }
        }

        var secret = TokenFormat.Generate();
        var record = new TokenRecord(TokenFormat.Hash(secret), TokenFormat.NewId(), name, scopes, now, expiresAt, null, null, issuer.Id);
        await store.AddAsync(record, cancellationToken);
        AccessLog.TokenIssued(_logger, record.Id, record.Name, string.Join(' ', scopes), issuer.Id);
        return new IssuedToken
        {
            Id = record.Id,
            Token = secret,
            Name = record.Name,
            Scopes = record.Scopes,
            CreatedAt = record.CreatedAt,
            ExpiresAt = record.ExpiresAt,
        };
    }

    /// <summary>
    /// One page of tokens, revoked and expired ones included, in a stable order (by the stored hash, which says
    /// nothing about age). The cursor holds the first 16 hex characters of the page's last hash, never the whole
    /// hash; the next page starts at the first hash with a greater prefix (two tokens sharing 64 bits of SHA-256 would
    /// be needed for one to be skipped). 400 <c>invalid_cursor</c>.
    /// </summary>
    public async Task<ListPage<TokenInfo>> ListPageAsync(PageRequest page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(page);
        var after = PageCursor.Read(page.Cursor, CursorList, IsHashPrefix);

        // Hashes are lowercase hex, so every hash starting with 'after' sorts below after + "g".
        var (records, more) = await store.ListPageAsync(after is null ? null : after + "g", page.Limit, cancellationToken);
        var next = more ? PageCursor.Write(CursorList, records[^1].Hash[..CursorPrefixLength]) : null;
        return new ListPage<TokenInfo>([.. records.Select(r => r.ToInfo())], next);
    }

    /// <summary>
    /// Revokes the token with this id: refused at once on this instance, and within
    /// <see cref="AccessOptions.MaxValidationCacheTtl"/> on every other. Idempotent: revoking a revoked token returns it
    /// unchanged. An unknown id is 404 <c>token_not_found</c>.
    /// </summary>
    public async Task<TokenInfo> RevokeAsync(string id, CancellationToken cancellationToken)
    {
        if (!TokenFormat.IsWellFormedId(id))
        {
            throw new ProblemException(AccessProblems.TokenNotFound(
                id is not null && id.StartsWith(TokenFormat.Prefix, StringComparison.Ordinal)
                    ? $"The path holds a token secret, not a token id. Revoke by id ('{TokenFormat.IdPrefix}' followed by 16 hex characters; GET /v1/tokens lists them), and since this secret has now travelled in a URL, revoke it."
                    : $"That is not a token id: ids are '{TokenFormat.IdPrefix}' followed by 16 lowercase hex characters. GET /v1/tokens lists them."));
        }

        var result = await store.RevokeAsync(id, clock.GetUtcNow(), cancellationToken)
            ?? throw new ProblemException(AccessProblems.TokenNotFound($"No token has id '{id}'. GET /v1/tokens lists the tokens that exist."));
        if (result.Changed)
        {
            AccessLog.TokenRevoked(_logger, id);
        }

        return result.Record.ToInfo();
    }

    private static string ValidName(string? requested)
    {
        var name = requested?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            throw Invalid("invalid_token_name", "Invalid token name",
                $"Give the token a name of 1 to {MaxNameLength} characters that says what it is for, for example \"n8n-production\".");
        }

        if (name.Length > MaxNameLength)
        {
            throw Invalid("invalid_token_name", "Invalid token name",
                $"The token name has {name.Length.ToString(CultureInfo.InvariantCulture)} characters; shorten it to at most {MaxNameLength}.");
        }

        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsHighSurrogate(name[i]) && i + 1 < name.Length && char.IsLowSurrogate(name[i + 1]))
            {
                i++;
                continue;
            }

            if (char.IsControl(name[i]) || char.IsSurrogate(name[i]) || char.GetUnicodeCategory(name[i]) is UnicodeCategory.Format
                    or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
            {
                throw Invalid("invalid_token_name", "Invalid token name",
                    "The token name contains a control or invisible formatting character (a line break, tab, direction mark or similar). Use visible characters and spaces only.");
            }
        }

        return name;
    }

    private static bool IsHashPrefix(string key) =>
        key.Length == CursorPrefixLength && key.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');

    private static string[] ValidScopes(IReadOnlyList<string>? requested)
    {
        var known = string.Join(", ", Scopes.All);
        if (requested is null || requested.Count == 0)
        {
            throw Invalid("invalid_scope", "Invalid scope", $"Give the token at least one scope: {known}.");
        }

        var unknown = requested.Where(scope => !Scopes.IsKnown(scope)).Select(Quote).Distinct(StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            throw Invalid("invalid_scope", "Invalid scope",
                $"Unknown scope{(unknown.Count == 1 ? string.Empty : "s")} {string.Join(", ", unknown)}. The scopes are {known} (lowercase); admin also grants read and write.");
        }

        return [.. Scopes.All.Where(requested.Contains)];
    }

    private static DateTimeOffset? ValidExpiry(DateTimeOffset? requested, DateTimeOffset now)
    {
        if (requested is not { } expiresAt)
        {
            return null;
        }

        if (expiresAt <= now)
        {
            throw Invalid("invalid_expiry", "Invalid expiry",
                $"expiresAt ({Format(expiresAt)}) is not in the future (it is now {Format(now)}). Give a later time, or leave expiresAt out for a token that does not expire.");
        }

        var latest = now.AddYears(MaxLifetimeYears);
        if (expiresAt > latest)
        {
            throw Invalid("invalid_expiry", "Invalid expiry",
                $"expiresAt ({Format(expiresAt)}) is more than {MaxLifetimeYears} years ahead. Give a time no later than {Format(latest)}, or leave expiresAt out for a token that does not expire.");
        }

        return expiresAt.ToUniversalTime();
    }

    private static Problem CannotGrant(Principal issuer, string scope)
    {
        var problem = AccessProblems.InsufficientScope(issuer, scope);
        return problem with
        {
            Detail = $"A credential can only issue tokens with scopes it holds itself, and {(issuer.Kind == Principal.ApiKeyKind ? "the API key" : $"token '{issuer.Name}' ({issuer.Id})")} does not hold '{scope}' (it has: {string.Join(", ", issuer.Scopes)}). "
                + $"Issue this token with the API key or with a token that holds '{scope}', or leave '{scope}' out.",
        };
    }

    private static string Quote(string? scope) => scope switch
    {
        null => "null",
        { Length: > 32 } => "'" + scope[..32] + "…'",
        _ => "'" + scope + "'",
    };

    private static string Format(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    private static ProblemException Invalid(string code, string title, string detail) =>
        new(AccessProblems.BadRequest(code, title, detail));
}
