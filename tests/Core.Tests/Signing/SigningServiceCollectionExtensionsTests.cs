using McpOrchestrator.Core.Signing;
using McpOrchestrator.Core.Storage;
using McpOrchestrator.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace McpOrchestrator.Core.Tests.Signing;

/// <summary>Wiring: the key-encryption key from configuration, validated at start, and the start-up line about
/// encryption at rest.</summary>
public sealed class SigningServiceCollectionExtensionsTests
{
    [Fact]
    public async Task Start_WithoutKek_WarnsThatPrivateKeysAreStoredUnencrypted_AndHowToFixIt()
    {
        using var logs = new CapturedLogs();
        using var host = Build(new() { ["McpOrchestrator:KeyEncryptionKey"] = null }, logs);

        await host.StartAsync();
        await host.StopAsync();

        var warning = Assert.Single(logs.Lines, line => line.Level == LogLevel.Warning);
        Assert.Contains("McpOrchestrator__KeyEncryptionKey is not set: private signing keys are stored unencrypted", warning.Message, StringComparison.Ordinal);
        Assert.Contains("openssl rand -base64 32", warning.Message, StringComparison.Ordinal);
        Assert.False(host.Services.GetRequiredService<SigningKeyService>().EncryptionConfigured);
    }

    [Fact]
    public async Task Start_WithKek_SaysKeysAreEncrypted_WithoutTheKek()
    {
        var kek = SigningHost.NewKek();
        using var logs = new CapturedLogs();
        using var host = Build(new() { ["McpOrchestrator:KeyEncryptionKey"] = kek }, logs);

        await host.StartAsync();
        await host.StopAsync();

        Assert.Contains(logs.Lines, line => line.Level == LogLevel.Information && line.Message.Contains("encrypted at rest with AES-256-GCM", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, line => line.Level >= LogLevel.Warning);
        Assert.DoesNotContain(kek.TrimEnd('='), logs.AllText, StringComparison.Ordinal);
        Assert.True(host.Services.GetRequiredService<SigningKeyService>().EncryptionConfigured);
    }

    [Theory]
    [InlineData("not base64 at all!", "not valid base64")]
    [InlineData("c2hvcnQta2V5LTE2Ynl0ZQ==", "decodes to 16 bytes")]
    [InlineData("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8g", "decodes to 33 bytes")]
    public async Task Start_WithAMalformedKek_FailsNamingTheSettingAndHowToGenerateOne(string kek, string reason)
    {
        using var logs = new CapturedLogs();
        using var host = Build(new() { ["McpOrchestrator:KeyEncryptionKey"] = kek }, logs);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("McpOrchestrator__KeyEncryptionKey", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Contains("openssl rand -base64 32", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(kek, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(kek, logs.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public void AddSigning_RegistersTheServiceAsASingleton_ReadingTheSetting()
    {
        var kek = SigningHost.NewKek();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
            ["McpOrchestrator:KeyEncryptionKey"] = kek,
        }).Build();
        using var provider = new ServiceCollection().AddLogging().AddTableStorage(configuration).AddSigning(configuration).BuildServiceProvider();

        Assert.Same(provider.GetRequiredService<SigningKeyService>(), provider.GetRequiredService<SigningKeyService>());
        Assert.Equal(kek, provider.GetRequiredService<IOptions<SigningOptions>>().Value.KeyEncryptionKey);
        Assert.Contains(provider.GetServices<IHostedService>(), service => service.GetType().Name == "SigningStartupLog");
    }

    private static IHost Build(Dictionary<string, string?> settings, CapturedLogs logs)
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings.Append(new("AzureWebJobsStorage", "UseDevelopmentStorage=true")));
        builder.Logging.SetMinimumLevel(LogLevel.Trace).AddProvider(logs);
        builder.Services.AddTableStorage(builder.Configuration).AddSigning(builder.Configuration);
        return builder.Build();
    }
}
