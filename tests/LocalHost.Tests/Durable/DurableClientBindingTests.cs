using System.Text.Json;
using System.Text.Json.Nodes;
using McpOrchestrator.LocalHost.Durable;
using McpOrchestrator.LocalHost.Extensions;

namespace McpOrchestrator.LocalHost.Tests.Durable;

/// <summary>The durableClient binding JSON is what the worker's DurableTaskClientConverter accepts.</summary>
public sealed class DurableClientBindingTests(DurableStorageFixture storage) : IClassFixture<DurableStorageFixture>
{
    [Fact]
    public async Task ProvideInput_DurableClient_GivesAbsoluteRpcUrlHubAndDoubleEncodedTimeout()
    {
        var hub = storage.UniqueHubName();
        await using var bridge = await DurableBridge.StartAsync(storage.ConnectionString, hub, new InProcessWorker().ClientFunction("Starter"));

        var json = bridge.ClientJson;

        Assert.True(Uri.TryCreate((string?)json["rpcBaseUrl"], UriKind.Absolute, out var rpc) && rpc.IsLoopback);
        Assert.Equal(hub, (string?)json["taskHubName"]);
        Assert.Equal("AzureWebJobsStorage", (string?)json["connectionName"]);
        Assert.Equal(string.Empty, (string?)json["requiredQueryStringParameters"]);
        Assert.Equal(int.MaxValue, (int?)json["maxGrpcMessageSizeInBytes"]);
        Assert.Equal("00:01:40", JsonSerializer.Deserialize<string>((string)json["grpcHttpClientTimeout"]!));
        Assert.StartsWith("http://", (string?)json["httpBaseUrl"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProvideInput_BindingNamesItsOwnHub_IsPassedOn()
    {
        await using var bridge = await DurableBridge.StartAsync(storage.ConnectionString, storage.UniqueHubName(), new InProcessWorker().ClientFunction("Starter"));
        var binding = new FunctionBinding("client", "durableClient", "in", new JsonObject { ["taskHub"] = "OtherHub", ["connectionName"] = "Other" });

        var json = JsonNode.Parse(((InvocationValue.Text)bridge.Extension.ProvideInput(binding)).Value)!;

        Assert.Equal("OtherHub", (string?)json["taskHubName"]);
        Assert.Equal("Other", (string?)json["connectionName"]);
    }

    [Fact]
    public async Task StartAsync_AppWithoutDurableFunctions_NeedsNoStorageAndStartsNothing()
    {
        var context = new HostContext(Path.GetTempPath(), [], new Dictionary<string, string>());
        await using var extension = new DurableExtension(context, Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance, TimeProvider.System);

        await extension.StartAsync(new InProcessWorker(), CancellationToken.None);

        Assert.Throws<InvalidOperationException>(() => extension.SidecarAddress);
        await extension.StopAsync(CancellationToken.None);
    }

    [Fact]
    public void ProvideInput_BeforeStart_ThrowsSayingSo()
    {
        var extension = new DurableExtension(DurableBridge.Context(storage.ConnectionString, "unstarted1"), Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance, TimeProvider.System);

        var error = Assert.Throws<InvalidOperationException>(() => extension.ProvideInput(new FunctionBinding("client", "durableClient", "in", [])));

        Assert.Contains("not started", error.Message, StringComparison.Ordinal);
    }
}
