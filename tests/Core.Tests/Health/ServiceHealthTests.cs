using McpOrchestrator.Core.Health;
using McpOrchestrator.Core.Signing;
using McpOrchestrator.Core.Storage;
using McpOrchestrator.TestSupport;

namespace McpOrchestrator.Core.Tests.Health;

/// <summary>Health and heartbeats against a real Azurite that each test class owns (and may stop).</summary>
public sealed class ServiceHealthTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);
    private AzuriteProcess _azurite = null!;
    private HeartbeatStore _heartbeats = null!;
    private ServiceHealth _health = null!;
    private ManualTimeProvider _clock = null!;

    public async Task InitializeAsync()
    {
        _azurite = await AzuriteProcess.StartNewAsync();
        _clock = new ManualTimeProvider(Now);
        var tables = TableStorage.CreateServiceClient(_azurite.ConnectionString);
        _heartbeats = new HeartbeatStore(tables, _clock, new HostInstance("test-instance"));
        var signing = new SigningKeyService(tables, Microsoft.Extensions.Options.Options.Create(new SigningOptions()), _clock);
        _health = new ServiceHealth(_heartbeats, signing, _clock);
    }

    public async Task DisposeAsync() => await _azurite.DisposeAsync();

    [Fact]
    public async Task Check_StorageAnswers_IsHealthy_EvenBeforeTheFirstHeartbeat()
    {
        var report = await _health.CheckAsync(CancellationToken.None);

        Assert.True(report.IsHealthy);
        Assert.Equal(HealthStatus.Up, report.Checks.Storage.Status);
        Assert.Null(report.Checks.Heartbeat);
        Assert.Equal(Now, report.CheckedAt);
        Assert.False(report.Checks.Signing!.Present);
    }

    [Fact]
    public async Task RecordAsync_CountsBeats_AndHealthShowsTheLastOne()
    {
        await _heartbeats.RecordAsync(isPastDue: false, CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(30));
        await _heartbeats.RecordAsync(isPastDue: true, CancellationToken.None);

        var report = await _health.CheckAsync(CancellationToken.None);

        var heartbeat = Assert.IsType<Heartbeat>(report.Checks.Heartbeat);
        Assert.Equal(("test-instance", 2L, true), (heartbeat.Instance, heartbeat.Beats, heartbeat.LastWasPastDue));
        Assert.Equal(Now.AddSeconds(30), heartbeat.LastAt);
    }

    [Fact]
    public async Task RecordAsync_Concurrently_LosesNoBeat()
    {
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => _heartbeats.RecordAsync(false, CancellationToken.None)));

        var heartbeat = await _heartbeats.GetAsync(CancellationToken.None);

        Assert.Equal(8, heartbeat!.Beats);
    }

    [Fact]
    public async Task Check_StorageDown_IsUnhealthyWithoutSecrets_ThenRecovers()
    {
        await _azurite.StopAsync();

        var down = await _health.CheckAsync(CancellationToken.None);

        Assert.False(down.IsHealthy);
        Assert.Equal(HealthStatus.Down, down.Checks.Storage.Status);
        Assert.False(string.IsNullOrWhiteSpace(down.Checks.Storage.Error));
        Assert.DoesNotContain(AzuriteProcess.AccountKey, down.Checks.Storage.Error, StringComparison.Ordinal);

        await _azurite.StartAsync();

        var up = await _health.CheckAsync(CancellationToken.None);
        Assert.True(up.IsHealthy);
    }
}
