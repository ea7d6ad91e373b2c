using McpOrchestrator.Functions.Http;
using Microsoft.Extensions.Configuration;

namespace McpOrchestrator.Functions.Tests;

public sealed class PublicAddressTests
{
    [Fact]
    public void Link_UsesTheConfiguredBaseUrl_WithoutItsTrailingSlash()
    {
        var address = new PublicAddress(Settings(("McpOrchestrator:PublicBaseUrl", "https://mcpo.example.com/base/"), ("WEBSITE_HOSTNAME", "app.azurewebsites.net")));

        Assert.Equal("https://mcpo.example.com/base/v1/pipelines/abc", address.Link("/v1/pipelines/abc"));
    }

    [Fact]
    public void Link_UsesAzuresHostName_WhenNoBaseUrlIsSet()
    {
        var address = new PublicAddress(Settings(("WEBSITE_HOSTNAME", "app.azurewebsites.net")));

        Assert.Equal("https://app.azurewebsites.net/v1/pipelines/abc", address.Link("/v1/pipelines/abc"));
    }

    [Fact]
    public void Link_IsRelative_WhenNothingIsKnown()
    {
        Assert.Equal("/v1/pipelines/abc", new PublicAddress(Settings()).Link("/v1/pipelines/abc"));
    }

    [Theory]
    [InlineData("mcpo.example.com")]
    [InlineData("ftp://mcpo.example.com")]
    [InlineData("https://mcpo.example.com/?x=1")]
    public void Constructor_RefusesABaseUrlThatIsNotAnAbsoluteHttpUrl_NamingTheSetting(string value)
    {
        var error = Assert.Throws<InvalidOperationException>(() => new PublicAddress(Settings(("McpOrchestrator:PublicBaseUrl", value))));

        Assert.Contains("McpOrchestrator__PublicBaseUrl", error.Message, StringComparison.Ordinal);
    }

    private static IConfiguration Settings(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();
}
