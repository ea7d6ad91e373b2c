using System.Net;
using Azure.Data.Tables;
using McpOrchestrator.Core.Access;
using McpOrchestrator.Core.Problems;
using McpOrchestrator.Core.Storage;
using McpOrchestrator.TestSupport;
using Microsoft.Extensions.Options;

namespace McpOrchestrator.Core.Tests.Access;

/// <summary>Header parsing, the offline format check and the API key, against a storage stand-in that counts every
/// request it gets (and knows no token), so a test can assert that nothing reached storage.</summary>
public sealed class CredentialValidatorTests
{
    private const string ApiKey = "k3y-Of-The-Service-0123456789abcdef";
    private static readonly string Token = TokenFormat.Generate();
    private readonly CountingStorage _storage = new();

    public static TheoryData<string> MalformedAuthorizations() =>
    [
        "empty", "scheme only", "scheme and space", "two spaces", "trailing space", "leading space", "tab", "trailing newline",
        "Basic scheme", "no scheme", "Token scheme", "two tokens", "extra character", "one character short", "prefix only",
        "space inside", "uppercased token", "standard base64", "one character changed", "uppercase prefix", "JWT-looking",
    ];

    [Fact]
    public async Task Authenticate_NoCredential_IsCredentialsMissingWithABareChallenge()
    {
        var result = await Validator().AuthenticateAsync(null, null, CancellationToken.None);

        var problem = AssertRefused(result, "credentials_missing");
        Assert.Equal("Bearer realm=\"mcp-orchestrator\"", problem.Headers["WWW-Authenticate"]);
        Assert.Contains("Authorization: Bearer <token>", problem.Detail, StringComparison.Ordinal);
        Assert.Contains("X-API-Key", problem.Detail, StringComparison.Ordinal);
        Assert.Equal(0, _storage.Requests);
    }

    [Fact]
    public async Task Authenticate_BothHeaders_IsRefusedEvenWhenEachIsValid()
    {
        var result = await Validator().AuthenticateAsync("Bearer " + Token, ApiKey, CancellationToken.None);

        var problem = AssertRefused(result, "token_invalid");
        Assert.Contains("only one", problem.Detail, StringComparison.Ordinal);
        Assert.Equal(0, _storage.Requests);
    }

    [Theory]
    [MemberData(nameof(MalformedAuthorizations))]
    public async Task Authenticate_MalformedAuthorization_IsTokenInvalidWithoutAStorageRead(string kind)
    {
        var header = Malformed(kind);

        var result = await Validator().AuthenticateAsync(header, null, CancellationToken.None);

        var problem = AssertRefused(result, "token_invalid");
        Assert.DoesNotContain(Token[5..20], problem.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(TokenFormat.Hash(Token), problem.Detail, StringComparison.Ordinal);
        Assert.Equal(0, _storage.Requests);
    }

    [Theory]
    [InlineData("Bearer")]
    [InlineData("bearer")]
    [InlineData("BEARER")]
    [InlineData("bEaReR")]
    public async Task Authenticate_WellFormedToken_AnySchemeCase_CostsExactlyOnePointRead(string scheme)
    {
        var result = await Validator().AuthenticateAsync(scheme + " " + Token, null, CancellationToken.None);

        var problem = AssertRefused(result, "token_invalid");
        Assert.Contains("not one this service issued", problem.Detail, StringComparison.Ordinal);
        Assert.Equal(1, _storage.Requests);
        Assert.EndsWith("(PartitionKey='token',RowKey='" + TokenFormat.Hash(Token) + "')", _storage.LastPath, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Authenticate_FloodOfAnUnknownToken_ReadsStorageOncePerNegativeTtl()
    {
        // Regression (issue 15, item 14): every request with a well-formed unknown token read storage.
        var clock = new ManualTimeProvider(AccessHost.Start);
        var validator = Validator(clock: clock);
        var ttl = new AccessOptions().NegativeCacheTtl;

        for (var i = 0; i < 50; i++)
        {
            AssertUnknown(await validator.AuthenticateAsync("Bearer " + Token, null, CancellationToken.None));
        }

        Assert.Equal(1, _storage.Requests);
        clock.Advance(ttl - TimeSpan.FromMilliseconds(1));
        AssertUnknown(await validator.AuthenticateAsync("Bearer " + Token, null, CancellationToken.None));
        Assert.Equal(1, _storage.Requests);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        for (var i = 0; i < 50; i++)
        {
            AssertUnknown(await validator.AuthenticateAsync("Bearer " + Token, null, CancellationToken.None));
        }

        Assert.Equal(2, _storage.Requests);
    }

    [Fact]
    public async Task Authenticate_UnknownToken_WithTheNegativeCacheOff_ReadsStorageEachTime()
    {
        var validator = Validator(new AccessOptions { ApiKey = ApiKey, NegativeCacheTtl = TimeSpan.Zero });

        await validator.AuthenticateAsync("Bearer " + Token, null, CancellationToken.None);
        await validator.AuthenticateAsync("Bearer " + Token, null, CancellationToken.None);

        Assert.Equal(2, _storage.Requests);
    }

    [Fact]
    public async Task Authenticate_ManyDistinctUnknownTokens_RememberAtMostTheBound_OldestForgottenFirst()
    {
        var settings = Options.Create(new AccessOptions { NegativeCacheSize = 3 });
        var store = new TokenStore(_storage.Client, settings);
        var validator = new CredentialValidator(store, new ManualTimeProvider(AccessHost.Start), settings);
        var tokens = Enumerable.Range(0, 10).Select(_ => TokenFormat.Generate()).ToList();

        foreach (var token in tokens)
        {
            AssertUnknown(await validator.AuthenticateAsync("Bearer " + token, null, CancellationToken.None));
            Assert.InRange(store.UnknownCount, 1, 3);
        }

        Assert.Equal(10, _storage.Requests);
        foreach (var token in tokens[^3..])
        {
            AssertUnknown(await validator.AuthenticateAsync("Bearer " + token, null, CancellationToken.None));
        }

        Assert.Equal(10, _storage.Requests);
        AssertUnknown(await validator.AuthenticateAsync("Bearer " + tokens[0], null, CancellationToken.None));
        Assert.Equal(11, _storage.Requests);
        Assert.Equal(3, store.UnknownCount);
    }

    [Fact]
    public async Task Authenticate_RightApiKey_IsThePrincipalWithEveryScope()
    {
        var result = await Validator().AuthenticateAsync(null, ApiKey, CancellationToken.None);

        Assert.True(result.Succeeded);
        Assert.Null(result.Problem);
        Assert.Same(Principal.ApiKey, result.Principal);
        Assert.Equal(Scopes.All, result.Principal.Scopes);
        Assert.All(Scopes.All, scope => Assert.True(result.Principal.Has(scope)));
        Assert.Equal(0, _storage.Requests);
    }

    [Theory]
    [InlineData("upper")]
    [InlineData("lower")]
    [InlineData("prefix")]
    [InlineData("longer")]
    [InlineData("trailing space")]
    [InlineData("empty")]
    [InlineData("one character changed")]
    public async Task Authenticate_WrongApiKey_IsTokenInvalid(string kind)
    {
        var presented = kind switch
        {
            "upper" => ApiKey.ToUpperInvariant(),
            "lower" => ApiKey.ToLowerInvariant(),
            "prefix" => ApiKey[..^1],
            "longer" => ApiKey + "0",
            "trailing space" => ApiKey + " ",
            "empty" => string.Empty,
            _ => ApiKey[..5] + (ApiKey[5] == 'x' ? 'y' : 'x') + ApiKey[6..],
        };
        Assert.NotEqual(ApiKey, presented);

        var result = await Validator().AuthenticateAsync(null, presented, CancellationToken.None);

        var problem = AssertRefused(result, "token_invalid");
        Assert.Contains("X-API-Key", problem.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(ApiKey[..10], problem.Detail, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, _storage.Requests);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public async Task Authenticate_ApiKeyWhenNoneIsConfigured_IsApiKeyDisabled(string? configured)
    {
        var validator = Validator(configured);

        var result = await validator.AuthenticateAsync(null, ApiKey, CancellationToken.None);

        Assert.False(validator.ApiKeyEnabled);
        var problem = AssertRefused(result, "api_key_disabled");
        Assert.Contains("McpOrchestrator__ApiKey", problem.Detail, StringComparison.Ordinal);
        Assert.Contains("Authorization: Bearer", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Authenticate_StorageDown_Throws_AndTheTokenIsNotRememberedAsUnknown()
    {
        var nowhere = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AzuriteProcess.AccountKey};TableEndpoint=http://127.0.0.1:{FreePort.Next()}/devstoreaccount1";
        var settings = Options.Create(new AccessOptions());
        var store = new TokenStore(TableStorage.CreateServiceClient(nowhere), settings);
        var validator = new CredentialValidator(store, new ManualTimeProvider(AccessHost.Start), settings);

        await Assert.ThrowsAsync<StorageUnavailableException>(
            () => validator.AuthenticateAsync("Bearer " + Token, null, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60)));

        Assert.Equal(0, store.UnknownCount);
    }

    [Fact]
    public void InsufficientScope_Is403WithTheScopeInTheChallenge()
    {
        var reader = new Principal(Principal.TokenKind, "tok_00000000000000aa", "dashboard", [Scopes.Read]);

        var problem = AccessProblems.InsufficientScope(reader, Scopes.Write);

        Assert.Equal((403, "insufficient_scope"), (problem.Status, problem.Code));
        Assert.Equal("Bearer realm=\"mcp-orchestrator\", error=\"insufficient_scope\", scope=\"write\"", problem.Headers["WWW-Authenticate"]);
        Assert.Contains("'write'", problem.Detail, StringComparison.Ordinal);
        Assert.Contains("dashboard", problem.Detail, StringComparison.Ordinal);
        Assert.Contains("write, admin", problem.Detail, StringComparison.Ordinal);
        Assert.Equal("write", problem.Extensions["requiredScope"]);
    }

    private static Problem AssertRefused(AuthenticationResult result, string code)
    {
        Assert.False(result.Succeeded);
        Assert.Null(result.Principal);
        var problem = result.Problem;
        Assert.Equal((401, code), (problem.Status, problem.Code));
        Assert.StartsWith("Bearer realm=\"mcp-orchestrator\"", problem.Headers["WWW-Authenticate"], StringComparison.Ordinal);
        if (code != "credentials_missing")
        {
            Assert.Equal("Bearer realm=\"mcp-orchestrator\", error=\"invalid_token\"", problem.Headers["WWW-Authenticate"]);
        }

        Assert.DoesNotContain(Token, problem.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(ApiKey, problem.Detail, StringComparison.Ordinal);
        return problem;
    }

    private static string Malformed(string kind) => kind switch
    {
        "empty" => string.Empty,
        "scheme only" => "Bearer",
        "scheme and space" => "Bearer ",
        "two spaces" => "Bearer  " + Token,
        "trailing space" => "Bearer " + Token + " ",
        "leading space" => " Bearer " + Token,
        "tab" => "Bearer\t" + Token,
        "trailing newline" => "Bearer " + Token + "\n",
        "Basic scheme" => "Basic " + Token,
        "no scheme" => Token,
        "Token scheme" => "Token " + Token,
        "two tokens" => "Bearer " + Token + ",Bearer " + Token,
        "extra character" => "Bearer " + Token + "A",
        "one character short" => "Bearer " + Token[..^1],
        "prefix only" => "Bearer mcpo_",
        "space inside" => "Bearer " + Token[..30] + " " + Token[31..],
        "uppercased token" => "Bearer " + Token.ToUpperInvariant(),
        "standard base64" => "Bearer " + Token.Replace('-', '+').Replace('_', '/') + (Token.Contains('-') || Token.Contains('_') ? string.Empty : "+"),
        "one character changed" => "Bearer " + Token[..^1] + (Token[^1] == 'A' ? 'B' : 'A'),
        "uppercase prefix" => "Bearer MCPO_" + Token[5..],
        "JWT-looking" => "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    private static void AssertUnknown(AuthenticationResult result) =>
        Assert.Contains("not one this service issued", AssertRefused(result, "token_invalid").Detail, StringComparison.Ordinal);

    private CredentialValidator Validator(string? apiKey = ApiKey, ManualTimeProvider? clock = null) =>
        Validator(new AccessOptions { ApiKey = apiKey }, clock);

    private CredentialValidator Validator(AccessOptions options, ManualTimeProvider? clock = null)
    {
        var settings = Options.Create(options);
        return new CredentialValidator(new TokenStore(_storage.Client, settings), clock ?? new ManualTimeProvider(AccessHost.Start), settings);
    }

    /// <summary>A Table service that knows no entity: every request is counted and answered 404 ResourceNotFound.</summary>
    private sealed class CountingStorage : HttpMessageHandler
    {
        private int _requests;

        public CountingStorage()
        {
            var options = TableStorage.CreateClientOptions();
            options.Transport = new Azure.Core.Pipeline.HttpClientTransport(new HttpClient(this));
            Client = new TableServiceClient("UseDevelopmentStorage=true", options);
        }

        public TableServiceClient Client { get; }

        public int Requests => Volatile.Read(ref _requests);

        public string LastPath { get; private set; } = string.Empty;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _requests);
            LastPath = Uri.UnescapeDataString(request.RequestUri!.AbsolutePath);
            var response = new HttpResponseMessage(HttpStatusCode.NotFound)
            {
                Content = new StringContent("{\"odata.error\":{\"code\":\"ResourceNotFound\",\"message\":{\"value\":\"Not found.\"}}}"),
            };
            response.Headers.Add("x-ms-error-code", "ResourceNotFound");
            return Task.FromResult(response);
        }
    }
}
