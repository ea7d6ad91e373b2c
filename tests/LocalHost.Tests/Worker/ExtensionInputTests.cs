using System.Text.Json.Nodes;
using McpOrchestrator.LocalHost.Extensions;
using McpOrchestrator.LocalHost.Hosting;
using McpOrchestrator.LocalHost.Rpc;
using McpOrchestrator.LocalHost.Worker;
using Microsoft.Extensions.Logging.Abstractions;

namespace McpOrchestrator.LocalHost.Tests.Worker;

public sealed class ExtensionInputTests
{
    [Fact]
    public async Task AddExtensionInputs_NonTriggerInputOfAnExtensionsType_IsProvidedByTheExtension()
    {
        var extension = new ClientExtension();
        await using var supervisor = new WorkerSupervisor(Configuration(), new WorkerChannelRegistry(), [extension], NullLoggerFactory.Instance, TimeProvider.System);
        var function = new LoadedFunction("Start", "id-1",
        [
            Binding("req", "httpTrigger", "in"),
            Binding("client", "durableClient", "in"),
            Binding("$return", "http", "out"),
            Binding("other", "blob", "in"),
        ]);
        var request = WorkerSupervisor.NewRequest(function);
        request.InputData.Add(new ParameterBinding { Name = "req", Data = new TypedData { Http = new RpcHttp() } });

        supervisor.AddExtensionInputs(function, request);

        var client = Assert.Single(request.InputData, i => i.Name == "client");
        Assert.Equal("""{"taskHubName":"hub"}""", client.Data.Json);
        Assert.DoesNotContain(request.InputData, i => i.Name is "other" or "$return");
        Assert.Equal(["client"], extension.Asked);
        Assert.Equal("id-1", request.FunctionId);
        Assert.StartsWith("00-", request.TraceContext.TraceParent, StringComparison.Ordinal);
    }

    private static FunctionBinding Binding(string name, string type, string direction) =>
        new(name, type, direction, new JsonObject { ["name"] = name, ["type"] = type, ["direction"] = direction });

    private static LocalHostConfiguration Configuration()
    {
        var directory = LocalHostRun.TestAppDirectory;
        return new LocalHostConfiguration(
            new ScriptRoot(directory, directory, "dotnet", Path.Combine(directory, "McpOrchestrator.LocalHostTestApp.dll")),
            new LocalSettings(null, new Dictionary<string, string>(), null, [], false),
            HostJson.Parse("{}", "host.json"),
            7071,
            new Dictionary<string, string>(),
            [],
            false);
    }

    private sealed class ClientExtension : IHostExtension
    {
        public List<string> Asked { get; } = [];

        public IReadOnlyCollection<string> BindingTypes => ["durableClient", "orchestrationTrigger"];

        public Task StartAsync(IWorkerFunctions worker, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public InvocationValue ProvideInput(FunctionBinding binding)
        {
            Asked.Add(binding.Name);
            return new InvocationValue.Json("""{"taskHubName":"hub"}""");
        }
    }
}
