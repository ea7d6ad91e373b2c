using McpOrchestrator.Core.Configs;
using McpOrchestrator.Core.Diff;
using McpOrchestrator.Core.Drafts;
using McpOrchestrator.Core.Mcp;
using McpOrchestrator.Core.Profiles;
using McpOrchestrator.Core.Registry;
using McpOrchestrator.Core.Storage;
using McpOrchestrator.Core.Validation;
using McpOrchestrator.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace McpOrchestrator.Core.Tests.Drafts;

/// <summary>Wiring of configuration management.</summary>
public sealed class ConfigManagementServiceCollectionExtensionsTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public void AddConfigManagement_RegistersEveryServiceAsASingleton_WithTheDefaultSeams()
    {
        using var provider = Services("UseDevelopmentStorage=true").BuildServiceProvider();

        Assert.Same(provider.GetRequiredService<ServerRegistry>(), provider.GetRequiredService<ServerRegistry>());
        Assert.Same(provider.GetRequiredService<DraftService>(), provider.GetRequiredService<DraftService>());
        Assert.NotNull(provider.GetRequiredService<ProfileService>());
        Assert.NotNull(provider.GetRequiredService<ValidationService>());
        Assert.NotNull(provider.GetRequiredService<ConfigDiffer>());
        Assert.Equal("NothingPublished", provider.GetRequiredService<IProfileVersionSource>().GetType().Name);
        Assert.Equal(TimeSpan.FromSeconds(5), provider.GetRequiredService<IOptions<RegistryOptions>>().Value.SnapshotTtl);
    }

    [Fact]
    public async Task AddConfigManagement_PicksUpAProbeAndAVersionSource_RegisteredByPublishing()
    {
        var services = Services(azurite.ConnectionString);
        services.AddSingleton<IServerProbe, NoopProbe>();
        services.AddSingleton<IProfileVersionSource, OneDeployed>();
        using var provider = services.BuildServiceProvider();

        var profiles = await provider.GetRequiredService<ProfileService>().ListAsync("cursor", CancellationToken.None);
        var report = await provider.GetRequiredService<ValidationService>().ValidateServersAsync(
            "cursor", [new ServerConfig { Name = "x", Transport = Transport.Stdio, Command = "x" }], new ValidationOptions { Probe = true }, CancellationToken.None);

        Assert.Equal(7, Assert.Single(profiles).DeployedVersion);
        Assert.Equal("x", Assert.Single(report.Probes!).Server);
    }

    [Theory]
    [InlineData("00:06:00")]
    [InlineData("-00:00:01")]
    public async Task Start_WithABadSnapshotTtl_FailsNamingTheSetting(string value)
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection([new("AzureWebJobsStorage", "UseDevelopmentStorage=true"), new(RegistryOptions.SnapshotTtlSetting, value)]);
        builder.Services.AddTableStorage(builder.Configuration).AddConfigManagement(builder.Configuration);
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("McpOrchestrator__Registry__SnapshotTtl", error.Message, StringComparison.Ordinal);
    }

    private static ServiceCollection Services(string connectionString)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new("AzureWebJobsStorage", connectionString)]).Build();
        var services = new ServiceCollection();
        services.AddLogging().AddTableStorage(configuration).AddConfigManagement(configuration);
        return services;
    }

    private sealed class NoopProbe : IServerProbe
    {
        public Task<ProbeResult> ProbeAsync(ServerConfig server, CancellationToken cancellationToken) =>
            Task.FromResult(new ProbeResult { Server = server.Name, Ok = true, ToolCount = 0, ToolNames = [] });
    }

    private sealed class OneDeployed : IProfileVersionSource
    {
        public Task<IReadOnlyDictionary<string, ProfileVersions>> GetVersionsAsync(string clientId, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyDictionary<string, ProfileVersions>>(new Dictionary<string, ProfileVersions> { ["default"] = new(7, 7) });

        public Task ProfileDeletedAsync(string clientId, string profileId, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
