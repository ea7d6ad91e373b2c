using McpOrchestrator.Core.Validation;

namespace McpOrchestrator.Core.Tests.Validation;

public sealed class SecretScannerTests
{
    [Theory]
    [InlineData("ghp_0123456789abcdefghijABCDEFGHIJ012345", "GitHub")]
    [InlineData("github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz", "GitHub")]
    [InlineData("Bearer gho_0123456789abcdefghijABCDEFGHIJ012345", "GitHub")]
    [InlineData("sk-proj-abcdefghijklmnopqrstuvwx0123", "OpenAI")]
    [InlineData("sk-ant-api03-abcdefghijklmnopqrstuvwxyz", "OpenAI")]
    [InlineData("sk_live_0123456789abcdefABCDEF", "Stripe")]
    [InlineData("AKIAIOSFODNN7EXAMPLE", "AWS")]
    [InlineData("xoxb-123456789012-1234567890123-abcdefghij", "Slack")]
    [InlineData("xoxp-1234567890-abcdef", "Slack")]
    [InlineData("AIzaSyA-0123456789abcdefghijklmnopqrstu", "Google")]
    [InlineData("Zx9Qm2Lr7Tk4Vb8Np3Hs6Wd1", "random")]
    [InlineData("3f9c2a7b1e8d4c6a9b0e2f7d1c3a5b8e", "random")]
    [InlineData("prefix ${secret:OK} and ghp_0123456789abcdefghijABCDEFGHIJ012345", "GitHub")]
    public void Detect_LiteralSecrets(string value, string kind) =>
        Assert.Contains(kind, SecretScanner.Detect(value, includeHighEntropy: true), StringComparison.OrdinalIgnoreCase);

    [Theory]
    [InlineData("${secret:GITHUB_TOKEN}")]
    [InlineData("${env:OPENAI_API_KEY}")]
    [InlineData("Bearer ${secret:TOKEN}")]
    [InlineData("/Users/someone/Projects/MyVeryLongDirectoryName2024")]
    [InlineData("https://api.example.com/v1/Resource2024/Item")]
    [InlineData("my_database_name_for_production")]
    [InlineData("postgresql://localhost:5432/app")]
    [InlineData("true")]
    [InlineData("8080")]
    [InlineData("Europe/Paris")]
    [InlineData("")]
    [InlineData("sk-short")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaAAAA1111")]
    public void Detect_OrdinaryValues_AreNotSecrets(string value) =>
        Assert.Null(SecretScanner.Detect(value, includeHighEntropy: true));

    [Fact]
    public void Detect_WithoutEntropy_OnlyKnownPatterns()
    {
        Assert.Null(SecretScanner.Detect("Zx9Qm2Lr7Tk4Vb8Np3Hs6Wd1", includeHighEntropy: false));
        Assert.NotNull(SecretScanner.Detect("AKIAIOSFODNN7EXAMPLE", includeHighEntropy: false));
    }
}
