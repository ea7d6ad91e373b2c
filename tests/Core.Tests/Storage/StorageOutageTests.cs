using System.Net;
using System.Net.Sockets;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
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
        var service = TableStorage.CreateServiceClient(azurite.ConnectionString, loggerFactory.CreateLogger("storage"));
        var table = service.GetTableClient(azurite.UniqueTableName("outage"));
        await table.CreateIfNotExistsAsync();
        await table.AddEntityAsync(new TableEntity("p", "before"));

        await azurite.Azurite.StopAsync();
        try
        {
            await AssertUnavailableAsync(() => table.GetEntityAsync<TableEntity>("p", "before"));
            await AssertUnavailableAsync(() => table.GetEntityOrNullAsync("p", "before"));
            await AssertUnavailableAsync(() => table.CreateIfNotExistsAsync());
            await AssertUnavailableAsync(() => table.AddEntityAsync(new TableEntity("p", "during")));
            await AssertUnavailableAsync(() => table.QueryOrEmptyAsync(TableClient.CreateQueryFilter($"PartitionKey eq {"p"}")));
            await AssertUnavailableAsync(() => table.SubmitCheckedTransactionAsync([new(TableTransactionActionType.Add, new TableEntity("p", "x"))]));
        }
        finally
        {
            await azurite.Azurite.StartAsync();
        }

        // In-memory Azurite lost everything; the same client simply works again.
        Assert.NotNull((await table.CreateIfNotExistsAsync()).Value);
        var etag = (await table.AddEntityAsync(new TableEntity("p", "after") { ["V"] = 1 })).ETagOf();
        Assert.Equal(etag, (await table.GetEntityOrNullAsync("p", "after"))!.ETag);

        Assert.Contains("could not be reached", logs.AllText, StringComparison.Ordinal);
        Assert.DoesNotContain(AzuriteProcess.AccountKey, logs.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetEntityAsync_NothingListening_ThrowsStorageUnavailable()
    {
        var port = FreePort.Next();
        var service = TableStorage.CreateServiceClient(
            $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AzuriteProcess.AccountKey};TableEndpoint=http://127.0.0.1:{port}/devstoreaccount1");

        var error = await AssertUnavailableAsync(() => service.GetTableClient("nothing").GetEntityAsync<TableEntity>("p", "r"));

        Assert.Contains($"127.0.0.1:{port}", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(AzuriteProcess.AccountKey, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("nothing(", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetEntityAsync_ListenerNeverAnswers_ThrowsStorageUnavailableAfterTheNetworkTimeouts()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        var service = TableStorage.CreateServiceClient(
            $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AzuriteProcess.AccountKey};TableEndpoint=http://127.0.0.1:{port}/devstoreaccount1");

        var error = await AssertUnavailableAsync(() => service.GetTableClient("silent").GetEntityAsync<TableEntity>("p", "r"));

        Assert.Contains("network timeout", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetEntityAsync_CallerCancelsWhileStorageHangs_StaysACancellation()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        var service = TableStorage.CreateServiceClient(
            $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AzuriteProcess.AccountKey};TableEndpoint=http://127.0.0.1:{port}/devstoreaccount1");
        using var cancel = new CancellationTokenSource();
        var read = service.GetTableClient("silent").GetEntityAsync<TableEntity>("p", "r", cancellationToken: cancel.Token);
        using var accepted = await silent.AcceptTcpClientAsync().WaitAsync(HangGuard);

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => read.WaitAsync(HangGuard));
    }

    [Fact]
    public async Task Operations_Service503_ThrowStorageUnavailableAfterRetries()
    {
        using var handler = new StatusHandler(HttpStatusCode.ServiceUnavailable);
        using var http = new HttpClient(handler);
        var options = TableStorage.CreateClientOptions();
        options.Transport = new HttpClientTransport(http);
        options.Retry.Delay = TimeSpan.FromMilliseconds(1);
        var service = new TableServiceClient("UseDevelopmentStorage=true", options);

        var error = await Assert.ThrowsAsync<StorageUnavailableException>(() => service.GetTableClient("busy").GetEntityAsync<TableEntity>("p", "r"));

        Assert.Contains("503", error.Message, StringComparison.Ordinal);
        Assert.Equal(1 + TableStorage.MaxRetries, handler.Calls);
        Assert.All(handler.Authorizations, a => Assert.Matches("^SharedKey(Lite)? devstoreaccount1:", a));
    }

    private static async Task<StorageUnavailableException> AssertUnavailableAsync(Func<Task> action) =>
        await Assert.ThrowsAsync<StorageUnavailableException>(() => action().WaitAsync(HangGuard));

    private sealed class StatusHandler(HttpStatusCode status) : HttpMessageHandler
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
