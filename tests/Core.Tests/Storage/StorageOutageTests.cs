using McpOrchestrator.Core.Storage;
using McpOrchestrator.TestSupport;
using Microsoft.Extensions.Logging;

namespace McpOrchestrator.Core.Tests.Storage;

/// <summary>Storage that stops answering, and comes back. Own class: it stops this class's Azurite.</summary>
public sealed class StorageOutageTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    // A guard against hanging, not a timing assertion: the client must give up on its own well before this.
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Operations_AzuriteStoppedThenStarted_UnavailableThenRecoverWithSameClient()
    {
        using var logs = new CapturedLogs();
        using var loggerFactory = LoggerFactory.Create(builder => builder.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        var service = new TableServiceClient(StorageConnection.Parse(azurite.ConnectionString), logger: loggerFactory.CreateLogger<TableServiceClient>());
        var table = service.GetTableClient(azurite.UniqueTableName("outage"));
        await table.CreateIfNotExistsAsync();
        await table.AddEntityAsync(new TableEntity("p", "before"));

        await azurite.Azurite.StopAsync();
        try
        {
            await AssertUnavailableAsync(() => table.GetEntityAsync("p", "before"));
            await AssertUnavailableAsync(() => table.CreateIfNotExistsAsync());
            await AssertUnavailableAsync(() => table.AddEntityAsync(new TableEntity("p", "during")));
            await AssertUnavailableAsync(() => table.QueryPageAsync());
            await AssertUnavailableAsync(() => table.SubmitTransactionAsync([new(TableTransactionActionType.Add, new TableEntity("p", "x"))]));
        }
        finally
        {
            await azurite.Azurite.StartAsync();
        }

        // In-memory Azurite lost everything; the same client simply works again.
        Assert.True(await table.CreateIfNotExistsAsync());
        var etag = await table.AddEntityAsync(new TableEntity("p", "after") { ["V"] = 1 });
        Assert.Equal(etag, (await table.GetEntityAsync("p", "after")).ETag);

        Assert.Contains("could not be reached", logs.AllText, StringComparison.Ordinal);
        Assert.DoesNotContain(AzuriteProcess.AccountKey, logs.AllText, StringComparison.Ordinal);
        Assert.DoesNotContain("SharedKeyLite", logs.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetEntityAsync_NothingListening_ThrowsStorageUnavailable()
    {
        var port = FreePort.Next();
        var service = new TableServiceClient(StorageConnection.Parse(
            $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AzuriteProcess.AccountKey};TableEndpoint=http://127.0.0.1:{port}/devstoreaccount1"));

        var error = await AssertUnavailableAsync(() => service.GetTableClient("nothing").GetEntityAsync("p", "r"));

        Assert.Contains($"127.0.0.1:{port}", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(AzuriteProcess.AccountKey, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Operations_Service503_ThrowStorageUnavailableAfterRetries()
    {
        using var handler = new StatusHandler(System.Net.HttpStatusCode.ServiceUnavailable);
        using var http = new HttpClient(handler);
        var options = new TableServiceClientOptions { Transport = new Azure.Core.Pipeline.HttpClientTransport(http) };
        options.Retry.Delay = TimeSpan.FromMilliseconds(1);
        var service = new TableServiceClient(StorageConnection.Parse("UseDevelopmentStorage=true"), options);

        await Assert.ThrowsAsync<StorageUnavailableException>(() => service.GetTableClient("busy").GetEntityAsync("p", "r"));

        Assert.Equal(1 + options.Retry.MaxRetries, handler.Calls);
        Assert.All(handler.Authorizations, a => Assert.StartsWith("SharedKeyLite devstoreaccount1:", a, StringComparison.Ordinal));
    }

    private static async Task<StorageUnavailableException> AssertUnavailableAsync(Func<Task> action) =>
        await Assert.ThrowsAsync<StorageUnavailableException>(() => action().WaitAsync(HangGuard));

    private sealed class StatusHandler(System.Net.HttpStatusCode status) : HttpMessageHandler
    {
        private int _calls;

        public int Calls => _calls;

        public System.Collections.Concurrent.ConcurrentBag<string> Authorizations { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            Authorizations.Add(request.Headers.Authorization?.ToString() ?? string.Empty);
            return Task.FromResult(new HttpResponseMessage(status) { RequestMessage = request });
        }
    }
}
