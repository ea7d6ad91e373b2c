using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using McpOrchestrator.Core.Access;
using McpOrchestrator.TestSupport;

namespace McpOrchestrator.Bench;

/// <summary>
/// The cost of authentication on an authenticated GET. In one phase, interleaved: <c>GET /v1/tokens</c> (scope
/// admin) with <c>Authorization: Bearer</c> and an admin token, the same GET with <c>X-API-Key</c>, and
/// <c>GET /health</c> (public, no credential), on one Functions app with the token validation cache at its default;
/// and the same bearer and API-key GETs on a second app, on the same storage, started with the cache off, so that its
/// every bearer validation is the point read of the token's row. Both apps are checked to behave as labelled before
/// anything is measured.
/// </summary>
public static class AuthBenchmark
{
    public const string BearerName = "GET /v1/tokens, bearer token";
    public const string ApiKeyName = "GET /v1/tokens, X-API-Key";
    public const string HealthName = "GET /health, no credential";
    public const string BearerUncachedName = "GET /v1/tokens, bearer token, cache off";
    public const string ApiKeyUncachedName = "GET /v1/tokens, X-API-Key, cache-off app";

    private const string TokensPath = "/v1/tokens";
    private const string HealthPath = "/health";
    private const string ApiKeyHeader = "X-API-Key";

    /// <summary>A token revoked elsewhere must still be accepted by the caching app this soon after it cached it;
    /// well inside any TTL the options allow above zero, and far longer than three local calls take.</summary>
    private static readonly TimeSpan CacheProbeWindow = TimeSpan.FromSeconds(1);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<AuthResult> RunAsync(BenchStorage storage, BenchOptions options, CancellationToken cancellationToken)
    {
        var apiKey = "bench-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var cacheTtl = new AccessOptions().ValidationCacheTtl;

        Progress($"starting the Functions app with the validation cache (TTL {cacheTtl.TotalSeconds:0.#} s, the default)");
        await using var cached = await FunctionsAppProcess.StartAsync(AppEnvironment(storage, apiKey, cacheOff: false)).WaitAsync(cancellationToken);
        Progress("starting a second Functions app with the validation cache off (TTL 00:00:00)");
        await using var uncached = await FunctionsAppProcess.StartAsync(AppEnvironment(storage, apiKey, cacheOff: true)).WaitAsync(cancellationToken);

        var token = (await IssueAsync(cached, apiKey, "bench-admin", cancellationToken)).Token;
        Progress("checking that the second app reads storage on every validation and the first serves from its cache");
        await VerifyCacheOffAsync(cached, uncached, apiKey, cancellationToken);
        await VerifyCacheOnAsync(cached, uncached, apiKey, cancellationToken);
        var listed = await VerifySameListAsync(cached, uncached, token, apiKey, cancellationToken);

        MeasuredPath[] paths =
        [
            new(BearerName, Call(cached, TokensPath, "Authorization", $"Bearer {token}")),
            new(ApiKeyName, Call(cached, TokensPath, ApiKeyHeader, apiKey)),
            new(HealthName, Call(cached, HealthPath, null, null)),
            new(BearerUncachedName, Call(uncached, TokensPath, "Authorization", $"Bearer {token}")),
            new(ApiKeyUncachedName, Call(uncached, TokensPath, ApiKeyHeader, apiKey)),
        ];

        var warmUp = Math.Clamp(options.Requests / 4, 10, 500);
        Progress($"warming up ({warmUp} calls per path, 1 and {options.Clients} clients)");
        foreach (var clients in new[] { 1, options.Clients })
        {
            foreach (var path in paths)
            {
                await LoadRunner.WarmUpAsync(path.Call, warmUp, clients, cancellationToken);
            }
        }

        var rounds = Math.Min(options.Rounds, options.Requests);
        Progress($"1 client: {options.Requests} calls per path ({paths.Length} paths) in {rounds} rounds");
        var sequential = await MeasureAsync(paths, options.Requests, 1, rounds, cancellationToken);
        Progress($"{options.Clients} clients: {options.Requests} calls per path ({paths.Length} paths) in {rounds} rounds");
        var concurrent = await MeasureAsync(paths, options.Requests, options.Clients, rounds, cancellationToken);
        return new AuthResult(sequential, concurrent, warmUp, rounds, cacheTtl, listed);
    }

    private static async Task<AuthPhase> MeasureAsync(MeasuredPath[] paths, int requests, int clients, int rounds, CancellationToken cancellationToken)
    {
        var logs = await InterleavedRounds.RunAsync(paths, requests, clients, rounds, cancellationToken);
        var (bearer, apiKey, health, bearerUncached, apiKeyUncached) = (logs[0], logs[1], logs[2], logs[3], logs[4]);
        return new AuthPhase(
            clients,
            [.. logs.Select(log => log.Summarize())],
            [
                new("bearer ÷ /health", PathComparison.Between(bearer, health)),
                new("API key ÷ /health", PathComparison.Between(apiKey, health)),
                new("bearer ÷ API key", PathComparison.Between(bearer, apiKey)),
                new("bearer, cache off ÷ API key, same app", PathComparison.Between(bearerUncached, apiKeyUncached)),
                new("bearer, cache off ÷ bearer, cached", PathComparison.Between(bearerUncached, bearer)),
                new("control: API key, cache-off app ÷ API key, cached app", PathComparison.Between(apiKeyUncached, apiKey)),
            ]);
    }

    private static Dictionary<string, string> AppEnvironment(BenchStorage storage, string apiKey, bool cacheOff)
    {
        var environment = new Dictionary<string, string>(storage.AppEnvironment) { [EnvironmentName(AccessOptions.ApiKeySetting)] = apiKey };
        if (cacheOff)
        {
            environment[EnvironmentName(AccessOptions.ValidationCacheTtlSetting)] = "00:00:00";
        }

        return environment;
    }

    // McpOrchestrator:Access:ValidationCacheTtl → McpOrchestrator__Access__ValidationCacheTtl, as operators set it.
    private static string EnvironmentName(string setting) => setting.Replace(":", "__", StringComparison.Ordinal);

    /// <summary>One measured call: a GET with at most one credential header, 200 and the whole body read, or it throws.</summary>
    private static Func<CancellationToken, Task> Call(FunctionsAppProcess app, string path, string? header, string? value) => async token =>
    {
        using var response = await SendAsync(app, HttpMethod.Get, path, header, value, token);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new BenchFailedException($"GET {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(token)}");
        }
    };

    private static async Task<HttpResponseMessage> SendAsync(
        FunctionsAppProcess app, HttpMethod method, string path, string? header, string? value, CancellationToken cancellationToken, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (header is not null)
        {
            request.Headers.TryAddWithoutValidation(header, value);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: Json);
        }

        return await app.Client.SendAsync(request, cancellationToken);
    }

    private static async Task<IssuedToken> IssueAsync(FunctionsAppProcess app, string apiKey, string name, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(
            app, HttpMethod.Post, TokensPath, ApiKeyHeader, apiKey, cancellationToken, new CreateTokenRequest { Name = name, Scopes = [Scopes.Admin] });
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new BenchFailedException($"POST /v1/tokens with the API key answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }

        return await response.Content.ReadFromJsonAsync<IssuedToken>(Json, cancellationToken)
            ?? throw new BenchFailedException("POST /v1/tokens answered 201 without a body.");
    }

    private static async Task RevokeAsync(FunctionsAppProcess app, string apiKey, string id, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(app, HttpMethod.Delete, $"{TokensPath}/{id}", ApiKeyHeader, apiKey, cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new BenchFailedException($"DELETE /v1/tokens/{id} with the API key answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }
    }

    private static async Task<HttpStatusCode> BearerStatusAsync(FunctionsAppProcess app, string token, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(app, HttpMethod.Get, TokensPath, "Authorization", $"Bearer {token}", cancellationToken);
        return response.StatusCode;
    }

    /// <summary>With the cache off, a token revoked through the other app is refused on the very next call: the app
    /// read the row again. (With a cache it would still be accepted for up to the TTL.)</summary>
    private static async Task VerifyCacheOffAsync(FunctionsAppProcess cached, FunctionsAppProcess uncached, string apiKey, CancellationToken cancellationToken)
    {
        var probe = await IssueAsync(cached, apiKey, "bench-probe-cache-off", cancellationToken);
        var first = await BearerStatusAsync(uncached, probe.Token, cancellationToken);
        await RevokeAsync(cached, apiKey, probe.Id, cancellationToken);
        var afterRevocation = await BearerStatusAsync(uncached, probe.Token, cancellationToken);
        if (first != HttpStatusCode.OK || afterRevocation != HttpStatusCode.Unauthorized)
        {
            throw new BenchFailedException(
                $"The app started with {EnvironmentName(AccessOptions.ValidationCacheTtlSetting)}=00:00:00 answered {(int)first} to a new token, then {(int)afterRevocation} right after it was revoked through the other app; 200 then 401 was expected. If it was 200 twice, the setting no longer turns the cache off and the 'cache off' figures would be cache hits.");
        }
    }

    /// <summary>With the cache on, a token revoked through the other app is still accepted right after it was
    /// validated once: the app answered from memory. Retried when the machine stalled past the probe window.</summary>
    private static async Task VerifyCacheOnAsync(FunctionsAppProcess cached, FunctionsAppProcess uncached, string apiKey, CancellationToken cancellationToken)
    {
        const int attempts = 3;
        for (var attempt = 1; ; attempt++)
        {
            var probe = await IssueAsync(uncached, apiKey, $"bench-probe-cache-on-{attempt}", cancellationToken);
            var started = Stopwatch.GetTimestamp();
            var first = await BearerStatusAsync(cached, probe.Token, cancellationToken);
            await RevokeAsync(uncached, apiKey, probe.Id, cancellationToken);
            var afterRevocation = await BearerStatusAsync(cached, probe.Token, cancellationToken);
            var elapsed = Stopwatch.GetElapsedTime(started);
            if (first == HttpStatusCode.OK && afterRevocation == HttpStatusCode.OK)
            {
                return;
            }

            if (first != HttpStatusCode.OK || elapsed < CacheProbeWindow || attempt == attempts)
            {
                throw new BenchFailedException(
                    $"The app with the default validation cache answered {(int)first} to a new token, then {(int)afterRevocation} {elapsed.TotalMilliseconds:0} ms later, right after the token was revoked through the other app; 200 twice was expected (served from its cache). If it was 200 then 401, it does not cache validations and the 'cached' figures would be cache misses.");
            }
        }
    }

    /// <summary>Every measured GET /v1/tokens must answer 200 with the same list, whichever app and credential.</summary>
    private static async Task<int> VerifySameListAsync(
        FunctionsAppProcess cached, FunctionsAppProcess uncached, string token, string apiKey, CancellationToken cancellationToken)
    {
        var counts = new List<int>();
        foreach (var app in new[] { cached, uncached })
        {
            foreach (var (header, value) in new[] { ("Authorization", $"Bearer {token}"), (ApiKeyHeader, apiKey) })
            {
                using var response = await SendAsync(app, HttpMethod.Get, TokensPath, header, value, cancellationToken);
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    throw new BenchFailedException($"GET /v1/tokens with {header} answered {(int)response.StatusCode}: {body}");
                }

                using var document = JsonDocument.Parse(body);
                counts.Add(document.RootElement.TryGetProperty("tokens", out var tokens) && tokens.ValueKind == JsonValueKind.Array
                    ? tokens.GetArrayLength()
                    : throw new BenchFailedException($"GET /v1/tokens answered 200 without a 'tokens' array: {body}"));
            }
        }

        return counts.Distinct().Count() == 1
            ? counts[0]
            : throw new BenchFailedException($"GET /v1/tokens listed different numbers of tokens ({string.Join(", ", counts)}) depending on the app or credential.");
    }

    private static void Progress(string message) => Console.Error.WriteLine($"[auth] {message}");
}
