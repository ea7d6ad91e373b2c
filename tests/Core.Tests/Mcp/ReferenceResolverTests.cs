using McpOrchestrator.Core.Configs;
using McpOrchestrator.Core.Mcp;
using Microsoft.Extensions.Configuration;

namespace McpOrchestrator.Core.Tests.Mcp;

public sealed class ReferenceResolverTests
{
    private static readonly ReferenceResolver Resolver = new(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["HOME_REGION"] = "eu-west",
        ["McpOrchestrator:Secrets:GITHUB_TOKEN"] = "ghp_from_secrets_section",
        ["PLAIN_SECRET"] = "from-plain-setting",
    }).Build());

    [Fact]
    public void Resolve_ReplacesEnvAndSecretReferencesInsideValues()
    {
        var resolved = Resolver.Resolve(Server(
            env: new() { ["REGION"] = "${env:HOME_REGION}", ["TOKEN"] = "${secret:GITHUB_TOKEN}", ["LITERAL"] = "as-is", ["FALLBACK"] = "${secret:PLAIN_SECRET}" },
            headers: new() { ["Authorization"] = "Bearer ${secret:GITHUB_TOKEN}" }));

        Assert.Equal("eu-west", resolved.Env["REGION"]);
        Assert.Equal("ghp_from_secrets_section", resolved.Env["TOKEN"]);
        Assert.Equal("as-is", resolved.Env["LITERAL"]);
        Assert.Equal("from-plain-setting", resolved.Env["FALLBACK"]);
        Assert.Equal("Bearer ghp_from_secrets_section", resolved.Headers["Authorization"]);
    }

    [Fact]
    public void Resolve_RedactorHidesEveryEnvAndHeaderValue()
    {
        var resolved = Resolver.Resolve(Server(env: new() { ["TOKEN"] = "${secret:GITHUB_TOKEN}", ["SHORT"] = "on" }, headers: new() { ["X-Key"] = "literal-key-123" }));

        var text = resolved.Redactor.Redact("token ghp_from_secrets_section, key literal-key-123, flag on");

        Assert.Equal("token ***, key ***, flag on", text);
    }

    [Fact]
    public void Resolve_MissingEnvReference_NamesTheSettingToSet()
    {
        var failure = Assert.Throws<McpServerException>(() => Resolver.Resolve(Server(headers: new() { ["X-Api-Key"] = "${env:NOT_THERE}" })));

        Assert.Equal(McpFailureKind.UnresolvedReference, failure.Kind);
        Assert.Equal("header X-Api-Key references ${env:NOT_THERE}, which is not configured: set NOT_THERE in the service's settings or environment", failure.Message);
    }

    [Fact]
    public void Redact_LongerValueContainingAShorterOne_IsMaskedWhole()
    {
        var redactor = new SecretRedactor();
        redactor.Add("abcd");
        redactor.Add("abcdefgh");

        Assert.Equal("x *** y ***", redactor.Redact("x abcdefgh y abcd"));
    }

    private static ServerConfig Server(Dictionary<string, string>? env = null, Dictionary<string, string>? headers = null) => new()
    {
        Name = "s",
        Transport = Transport.Http,
        Url = "http://127.0.0.1:1/mcp",
        Env = env ?? [],
        Headers = headers ?? [],
    };
}
