using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace McpOrchestrator.Core.Access;

/// <summary>
/// Authenticates a request from its raw <c>Authorization</c> and <c>X-API-Key</c> header values. A bearer token is
/// checked offline first (<c>Bearer</c>, case-insensitive, one space, a token in <see cref="TokenFormat"/>): anything
/// else is refused without touching storage. A well-formed token costs at most one point read by its hash (none while
/// it is cached, or while it is remembered as unknown) and is refused when unknown, revoked or expired — expiry is checked against the clock on every call,
/// cached or not. The API key is compared in constant time (SHA-256 digests with
/// <see cref="CryptographicOperations.FixedTimeEquals"/>, so neither content nor length leaks). No presented value is
/// ever echoed or logged. Storage failures propagate as <see cref="Storage.StorageUnavailableException"/>.
/// </summary>
public sealed class CredentialValidator
{
    private const string Scheme = "Bearer";

    private readonly TokenStore _store;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly byte[]? _apiKeyDigest;

    public CredentialValidator(TokenStore store, TimeProvider clock, IOptions<AccessOptions> options, ILogger<CredentialValidator>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _logger = logger ?? NullLogger<CredentialValidator>.Instance;
        var settings = options.Value;
        _apiKeyDigest = settings.ApiKeyEnabled ? Digest(settings.ApiKey!) : null;
    }

    /// <summary>Whether an <c>X-API-Key</c> can be accepted (<c>McpOrchestrator__ApiKey</c> is set).</summary>
    public bool ApiKeyEnabled => _apiKeyDigest is not null;

    /// <param name="authorization">The raw <c>Authorization</c> header value; null when absent.</param>
    /// <param name="apiKey">The raw <c>X-API-Key</c> header value; null when absent.</param>
    /// <param name="cancellationToken">Cancels the storage read.</param>
    public async Task<AuthenticationResult> AuthenticateAsync(string? authorization, string? apiKey, CancellationToken cancellationToken)
    {
        if (authorization is null && apiKey is null)
        {
            AccessLog.NoCredentials(_logger, "no credentials");
            return AuthenticationResult.Failure(AccessProblems.CredentialsMissing());
        }

        if (authorization is not null && apiKey is not null)
        {
            return Refuse("both Authorization and X-API-Key sent",
                "The request sent both an 'Authorization' and an 'X-API-Key' header. Send only one credential.");
        }

        return apiKey is not null
            ? AuthenticateApiKey(apiKey)
            : await AuthenticateBearerAsync(authorization!, cancellationToken);
    }

    private static byte[] Digest(string value) => SHA256.HashData(Encoding.UTF8.GetBytes(value));

    private AuthenticationResult AuthenticateApiKey(string presented)
    {
        if (_apiKeyDigest is null)
        {
            AccessLog.AuthenticationFailed(_logger, "X-API-Key sent but API key authentication is off");
            return AuthenticationResult.Failure(AccessProblems.ApiKeyDisabled());
        }

        var digest = Digest(presented);
        try
        {
            return CryptographicOperations.FixedTimeEquals(digest, _apiKeyDigest)
                ? AuthenticationResult.Success(Principal.ApiKey)
                : Refuse("wrong API key",
                    "The X-API-Key header is not this service's API key (it is case-sensitive). Check the value, or send 'Authorization: Bearer <token>' with an API token instead.");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(digest);
        }
    }

    private async Task<AuthenticationResult> AuthenticateBearerAsync(string authorization, CancellationToken cancellationToken)
    {
        if (authorization.Length <= Scheme.Length + 1
            || !authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase)
            || authorization[Scheme.Length] != ' ')
        {
            return Refuse("malformed Authorization header",
                "The Authorization header must be 'Bearer <token>': the word Bearer, one space, then the token, with nothing before or after it.");
        }

        var token = authorization.AsSpan(Scheme.Length + 1);
        if (!TokenFormat.IsWellFormed(token))
        {
            return Refuse("malformed token",
                $"The bearer token is not a well-formed MCP Orchestrator token ('{TokenFormat.Prefix}' followed by {TokenFormat.Length - TokenFormat.Prefix.Length} letters, digits, '-' or '_', ending in a checksum). It was mistyped or cut short: copy it again in full, without spaces or line breaks.");
        }

        var hash = TokenFormat.Hash(token);
        var now = _clock.GetUtcNow();
        var record = _store.GetCached(hash, now);
        if (record is null)
        {
            if (_store.IsKnownUnknown(hash, now))
            {
                return RefuseUnknown();
            }

            var issuedBefore = _store.IssuedHere;
            record = await _store.FindByHashAsync(hash, cancellationToken);
            if (record is null)
            {
                _store.RememberUnknown(hash, now, issuedBefore);
                return RefuseUnknown();
            }

            if (record.RevokedAt is not null)
            {
                return Refuse("revoked token",
                    "The bearer token has been revoked. Ask an administrator for a new one (POST /v1/tokens).");
            }

            if (!record.IsExpiredAt(now))
            {
                _store.Remember(record, now);
            }
        }

        if (record.IsExpiredAt(now))
        {
            _store.Forget(hash);
            return Refuse("expired token",
                $"The bearer token expired at {record.ExpiresAt!.Value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}. Ask an administrator for a new one (POST /v1/tokens).");
        }

        await _store.TouchIfDueAsync(record, now, cancellationToken);
        return AuthenticationResult.Success(record.ToPrincipal());
    }

    private AuthenticationResult RefuseUnknown() =>
        Refuse("unknown token",
            "The bearer token is not one this service issued, or it was deleted. Check that you sent the whole token, or ask an administrator for a new one (POST /v1/tokens).");

    private AuthenticationResult Refuse(string reason, string detail)
    {
        AccessLog.AuthenticationFailed(_logger, reason);
        return AuthenticationResult.Failure(AccessProblems.TokenInvalid(detail));
    }
}
