using McpOrchestrator.Core.Access;
using McpOrchestrator.Core.Storage;
using McpOrchestrator.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace McpOrchestrator.Core.Tests.Access;

/// <summary>Wiring: settings from configuration, validation at start, and the start-up line about the API key.</summary>
public sealed class AccessServiceCollectionExtensionsTests
{
    private const string Key = "Wiring-Test-Api-Key-0f9e8d7c6b5a";

    [Fact]
    public async Task Start_WithApiKey_SaysItIsOn_AndTheValidatorAcceptsIt_WithoutLoggingIt()
    {
        using var logs = new CapturedLogs();
        using var host = Build(new() { ["McpOrchestrator:ApiKey"] = Key }, logs);

        await host.StartAsync();
        var result = await host.Services.GetRequiredService<CredentialValidator>().AuthenticateAsync(null, Key, CancellationToken.None);
        await host.StopAsync();

        Assert.True(result.Succeeded);
        Assert.Contains(logs.Lines, line => line.Message == "API key authentication is on");
        Assert.DoesNotContain(Key, logs.AllText, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public async Task Start_WithoutApiKey_SaysItIsOff(string? key)
    {
        using var logs = new CapturedLogs();
        using var host = Build(new() { ["McpOrchestrator:ApiKey"] = key }, logs);

        await host.StartAsync();
        await host.StopAsync();

        Assert.Contains(logs.Lines, line => line.Message == "API key authentication is off: McpOrchestrator__ApiKey is not set");
        Assert.False(host.Services.GetRequiredService<CredentialValidator>().ApiKeyEnabled);
    }

    [Fact]
    public async Task Start_WithAShortApiKey_WarnsWithoutTheKey()
    {
        using var logs = new CapturedLogs();
        using var host = Build(new() { ["McpOrchestrator:ApiKey"] = "short-k3y" }, logs);

        await host.StartAsync();
        await host.StopAsync();

        Assert.Contains(logs.Lines, line => line.Level == LogLevel.Warning && line.Message.Contains("shorter than 16", StringComparison.Ordinal));
        Assert.DoesNotContain("short-k3y", logs.AllText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("McpOrchestrator:Access:ValidationCacheTtl", "00:00:06", "McpOrchestrator__Access__ValidationCacheTtl")]
    [InlineData("McpOrchestrator:Access:ValidationCacheTtl", "-00:00:01", "McpOrchestrator__Access__ValidationCacheTtl")]
    [InlineData("McpOrchestrator:Access:ValidationCacheSize", "0", "McpOrchestrator__Access__ValidationCacheSize")]
    [InlineData("McpOrchestrator:Access:NegativeCacheTtl", "00:01:01", "McpOrchestrator__Access__NegativeCacheTtl")]
    [InlineData("McpOrchestrator:Access:NegativeCacheSize", "0", "McpOrchestrator__Access__NegativeCacheSize")]
    [InlineData("McpOrchestrator:ApiKey", " padded-key-0123456789 ", "McpOrchestrator__ApiKey")]
    [InlineData("McpOrchestrator:ApiKey", "@Microsoft.KeyVault(VaultName=mcpo-kv;SecretName=mcpo-api-key)", "McpOrchestrator__ApiKey")]
    public async Task Start_WithABadSetting_FailsNamingTheSetting(string setting, string value, string named)
    {
        using var logs = new CapturedLogs();
        using var host = Build(new() { [setting] = value }, logs);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("padded-key", error.Message, StringComparison.Ordinal);
    }

    /// <summary>App Service passes a Key Vault reference it cannot resolve through as its text; taken as the key, it
    /// would be a guessable credential printed in the portal.</summary>
    [Fact]
    public async Task Start_WithAnUnresolvedKeyVaultReference_FailsSayingHowToGrantAccess()
    {
        using var logs = new CapturedLogs();
        using var host = Build(new() { ["McpOrchestrator:ApiKey"] = "@Microsoft.KeyVault(SecretUri=https://mcpo-kv.vault.azure.net/secrets/mcpo-api-key/)" }, logs);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("unresolved Key Vault reference", error.Message, StringComparison.Ordinal);
        Assert.Contains("Key Vault Secrets User", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Settings_AreReadFromConfiguration()
    {
        using var logs = new CapturedLogs();
        using var host = Build(
            new()
            {
                ["McpOrchestrator:ApiKey"] = Key,
                ["McpOrchestrator:Access:ValidationCacheTtl"] = "00:00:02.5",
                ["McpOrchestrator:Access:ValidationCacheSize"] = "123",
            },
            logs);

        var options = host.Services.GetRequiredService<IOptions<AccessOptions>>().Value;

        Assert.Equal((Key, TimeSpan.FromSeconds(2.5), 123), (options.ApiKey, options.ValidationCacheTtl, options.ValidationCacheSize));
    }

    [Fact]
    public void AddMcpOrchestrator_RegistersAccessAsSingletons()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
        }).Build();
        using var provider = new ServiceCollection().AddLogging().AddMcpOrchestrator(configuration).BuildServiceProvider();

        Assert.Same(provider.GetRequiredService<TokenService>(), provider.GetRequiredService<TokenService>());
        Assert.Same(provider.GetRequiredService<CredentialValidator>(), provider.GetRequiredService<CredentialValidator>());
        Assert.Same(provider.GetRequiredService<TokenStore>(), provider.GetRequiredService<TokenStore>());
        Assert.Contains(provider.GetServices<IHostedService>(), service => service.GetType().Name == "AccessStartupLog");
    }

    private static IHost Build(Dictionary<string, string?> settings, CapturedLogs logs)
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings.Append(new("AzureWebJobsStorage", "UseDevelopmentStorage=true")));
        builder.Logging.SetMinimumLevel(LogLevel.Trace).AddProvider(logs);
        builder.Services.AddTableStorage(builder.Configuration).AddAccess(builder.Configuration);
        return builder.Build();
    }
}
