using System.Net;
using System.Reflection;
using System.Text.Json;
using McpOrchestrator.Core.Access;
using McpOrchestrator.Functions.Http;
using McpOrchestrator.Functions.OpenApi;
using McpOrchestrator.TestSupport;

namespace McpOrchestrator.Functions.Tests;

/// <summary>Every route of functions.metadata × every kind of credential, so a new function is covered the day it
/// is added.</summary>
public sealed class AccessMatrixTests(AccessFixture fixture) : IClassFixture<AccessFixture>
{
    public enum Credential
    {
        None,
        Malformed,
        UnknownToken,
        ExpiredToken,
        RevokedToken,
        TokenLackingScope,
        TokenWithScope,
        ApiKey,
    }

    public static TheoryData<string, string, string, Credential> Cases()
    {
        var data = new TheoryData<string, string, string, Credential>();
        foreach (var function in Routes())
        {
            foreach (var method in function.Methods)
            {
                foreach (var credential in Enum.GetValues<Credential>())
                {
                    data.Add(function.Name, method, function.Route, credential);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Route_WithCredential_GetsTheExpectedStatus(string function, string method, string route, Credential credential)
    {
        var definition = Routes().Single(f => f.Name == function).Method;
        var scope = definition.GetCustomAttribute<RequiresScopeAttribute>()?.Scope;
        var credentialOnly = definition.GetCustomAttribute<RequiresCredentialAttribute>() is not null;
        using var request = new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), Concrete(route));
        AddCredential(request, credential, scope);

        using var response = await fixture.Service.Client.SendAsync(request);

        var status = (int)response.StatusCode;
        var body = await response.Content.ReadAsStringAsync();
        var expectRejected = (scope is not null && credential is not (Credential.TokenWithScope or Credential.ApiKey))
            || (credentialOnly && credential is not (Credential.TokenWithScope or Credential.TokenLackingScope or Credential.ApiKey));
        if (!expectRejected)
        {
            Assert.True(status is not (401 or 403 or 500), $"{method} {route} with {credential}: {status} {body}");
            return;
        }

        var expected = credential == Credential.TokenLackingScope ? HttpStatusCode.Forbidden : HttpStatusCode.Unauthorized;
        Assert.True(expected == response.StatusCode, $"{method} {route} with {credential}: expected {(int)expected}, got {status} {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
        using var problem = JsonDocument.Parse(body);
        var code = problem.RootElement.GetProperty("code").GetString();
        Assert.Equal(credential switch
        {
            Credential.None => "credentials_missing",
            Credential.TokenLackingScope => "insufficient_scope",
            _ => "token_invalid",
        }, code);
        foreach (var secret in new[] { fixture.ApiKey, fixture.ExpiredToken, fixture.RevokedToken }.Concat(fixture.TokenFor.Values))
        {
            Assert.DoesNotContain(secret, body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void EveryHttpFunction_IsInTheMatrix_AndOnlyTheFourPublicRoutesArePublic()
    {
        var routes = Routes();
        Assert.NotEmpty(routes);
        var publicRoutes = routes.Where(f => f.Method.GetCustomAttribute<PublicEndpointAttribute>() is not null)
            .SelectMany(f => f.Methods.Select(m => $"{m.ToUpperInvariant()} {f.Route}"))
            .Order();
        Assert.Equal(["GET /.well-known/oauth-protected-resource/{resource?}", "GET /health", "GET /openapi.json", "GET /v1/keys"], publicRoutes);
    }

    private void AddCredential(HttpRequestMessage request, Credential credential, string? scope)
    {
        switch (credential)
        {
            case Credential.None:
                break;
            case Credential.Malformed:
                request.Headers.TryAddWithoutValidation("Authorization", "Bearer");
                break;
            case Credential.UnknownToken:
                var known = fixture.TokenFor[Scopes.Admin];
                request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + known[..^1] + (known[^1] == 'A' ? 'B' : 'A'));
                break;
            case Credential.ExpiredToken:
                request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + fixture.ExpiredToken);
                break;
            case Credential.RevokedToken:
                request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + fixture.RevokedToken);
                break;
            case Credential.TokenLackingScope:
                request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + fixture.TokenFor[Lacking(scope)]);
                break;
            case Credential.TokenWithScope:
                request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + fixture.TokenFor[scope ?? Scopes.Read]);
                break;
            case Credential.ApiKey:
                request.Headers.Add("X-API-Key", fixture.ApiKey);
                break;
        }
    }

    /// <summary>A scope that does not grant <paramref name="required"/>.</summary>
    private static string Lacking(string? required) =>
        Scopes.All.First(candidate => required is null || !Scopes.Grants([candidate], required));

    private static string Concrete(string route) =>
        System.Text.RegularExpressions.Regex.Replace(route, @"\{[^}]+\}", "does-not-exist");

    private static IReadOnlyList<HttpFunctionDescription> Routes() =>
        FunctionsMetadataReader.Read(FunctionsAppProcess.AppDirectory, typeof(FunctionAccess).Assembly);
}
