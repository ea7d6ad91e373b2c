using System.Globalization;
using McpOrchestrator.TestSupport;

namespace McpOrchestrator.LocalHost.Tests.Durable;

/// <summary>xunit class fixture: one in-memory Azurite with blob, queue and table per test class (what the Durable
/// engine needs); each test takes its own task hub from <see cref="UniqueHubName"/>.</summary>
public sealed class DurableStorageFixture : IAsyncLifetime
{
    private AzuriteProcess? _azurite;
    private int _hubs;

    public AzuriteProcess Azurite => _azurite ?? throw new InvalidOperationException("The fixture has not been initialised by xunit yet.");

    public string ConnectionString => Azurite.ConnectionString;

    public string UniqueHubName() =>
        "hub" + Interlocked.Increment(ref _hubs).ToString(CultureInfo.InvariantCulture) + "x" + Guid.NewGuid().ToString("N")[..12];

    public async Task InitializeAsync() => _azurite = await AzuriteProcess.StartWithBlobsAndQueuesAsync();

    public async Task DisposeAsync()
    {
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }
}
