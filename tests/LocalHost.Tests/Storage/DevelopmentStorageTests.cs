using McpOrchestrator.LocalHost.Hosting;
using McpOrchestrator.LocalHost.Storage;
using McpOrchestrator.TestSupport;
using Microsoft.Extensions.Logging;

namespace McpOrchestrator.LocalHost.Tests.Storage;

public sealed class DevelopmentStorageTests
{
    [Fact]
    public async Task Start_DevelopmentStorageAndNothingListening_StartsBlobQueueAndTableThenStopsGracefully()
    {
        NpmTools.EnsureInstalled();
        var logs = new CapturedLogs();
        using var factory = LoggerFactory.Create(builder => builder.AddProvider(logs));
        var ports = new DevelopmentStoragePorts(FreePort.Next(), FreePort.Next(), FreePort.Next(), Directory.CreateTempSubdirectory("localhost-azurite-").FullName);
        var storage = new DevelopmentStorage(Configuration("UseDevelopmentStorage=true"), ports, factory.CreateLogger<DevelopmentStorage>());

        await storage.StartAsync(CancellationToken.None);
        try
        {
            using var client = new HttpClient();
            foreach (var port in new[] { ports.Blob, ports.Queue, ports.Table })
            {
                var response = await client.GetAsync(new Uri($"http://127.0.0.1:{port}/devstoreaccount1?comp=list"));
                Assert.Contains(response.Headers.Server, s => s.Product?.Name.Contains("Azurite", StringComparison.OrdinalIgnoreCase) == true);
            }
        }
        finally
        {
            await storage.StopAsync(CancellationToken.None);
        }

        await logs.WaitForAsync(l => l.Message.Contains("Azurite stopped", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, l => l.Message.Contains("killed it", StringComparison.Ordinal));
        foreach (var port in new[] { ports.Blob, ports.Queue, ports.Table })
        {
            await Assert.ThrowsAnyAsync<HttpRequestException>(() => new HttpClient().GetAsync(new Uri($"http://127.0.0.1:{port}/")));
        }
    }

    [Fact]
    public async Task Start_OtherStorage_StartsNothing()
    {
        var logs = new CapturedLogs();
        using var factory = LoggerFactory.Create(builder => builder.AddProvider(logs));
        var ports = new DevelopmentStoragePorts(FreePort.Next(), FreePort.Next(), FreePort.Next());
        var storage = new DevelopmentStorage(Configuration("DefaultEndpointsProtocol=https;AccountName=x;AccountKey=eA==;EndpointSuffix=core.windows.net"), ports, factory.CreateLogger<DevelopmentStorage>());

        await storage.StartAsync(CancellationToken.None);
        await storage.StopAsync(CancellationToken.None);

        Assert.Null(storage.DataDirectory);
        Assert.Empty(logs.Lines);
    }

    private static LocalHostConfiguration Configuration(string storage)
    {
        var script = new ScriptRoot(LocalHostRun.TestAppDirectory, LocalHostRun.TestAppDirectory, "dotnet", Path.Combine(LocalHostRun.TestAppDirectory, "McpOrchestrator.LocalHostTestApp.dll"));
        return new LocalHostConfiguration(
            script,
            new LocalSettings(null, new Dictionary<string, string>(), null, [], false),
            HostJson.Parse("{}", "host.json"),
            7071,
            new Dictionary<string, string> { ["AzureWebJobsStorage"] = storage },
            [],
            false);
    }
}
