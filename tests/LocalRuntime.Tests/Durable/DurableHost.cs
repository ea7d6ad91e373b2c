using McpOrchestrator.DurableTestApp;
using McpOrchestrator.LocalRuntime.Durable;
using McpOrchestrator.LocalRuntime.Hosting;
using McpOrchestrator.TestSupport;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace McpOrchestrator.LocalRuntime.Tests.Durable;

/// <summary>The Durable test app served in-process by the local runtime on a free loopback port, against a real
/// Azurite, in a task hub of the test's own.</summary>
public sealed class DurableHost : IAsyncDisposable
{
    private readonly IHost _host;

    private DurableHost(IHost host, Uri address, CapturedLogs logs, TestProbe probe)
    {
        _host = host;
        Logs = logs;
        Probe = probe;
        Http = new HttpClient { BaseAddress = address };
    }

    public HttpClient Http { get; }

    public CapturedLogs Logs { get; }

    public TestProbe Probe { get; }

    public IServiceProvider Services => _host.Services;

    /// <summary>The client a <c>[DurableClient]</c> parameter of this host gets.</summary>
    public DurableTaskClient Client => _host.Services.GetRequiredService<DurableClientProvider>().GetClient();

    public static async Task<DurableHost> StartAsync(
        string connectionString,
        string hubName,
        TestProbe? probe = null,
        TimeProvider? clock = null,
        string hostName = "host",
        IReadOnlyDictionary<string, string?>? settings = null,
        Action<FunctionsApplicationBuilder>? configure = null)
    {
        var builder = LocalFunctionsApplication.CreateBuilder(["--port", "0"], new LocalRuntimeOptions
        {
            FunctionsAssembly = typeof(TestProbe).Assembly,
            AppDirectory = DurableTestAppFolder.Path,
            StartDevelopmentStorage = false,
        });
        builder.ConfigureFunctionsWebApplication();
        var configuration = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = connectionString,
            ["AzureFunctionsJobHost:extensions:durableTask:hubName"] = hubName,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(configuration);
        probe ??= new TestProbe();
        builder.Services.AddSingleton(probe);
        builder.Services.AddSingleton(new HostTag(hostName));
        if (clock is not null)
        {
            builder.Services.AddSingleton(clock);
        }

        builder.Services.AddDurableTestApp(builder.Configuration);
        var logs = new CapturedLogs();
        builder.Logging.AddProvider(logs);
        configure?.Invoke(builder);
        var host = builder.Build();
        await host.StartAsync();
        var address = host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new DurableHost(host, new Uri(address), logs, probe);
    }

    /// <summary>A task hub name no other test uses.</summary>
    public static string NewHubName() => "h" + Guid.NewGuid().ToString("N")[..20];

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _host.StopAsync();
        if (_host is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }
        else
        {
            _host.Dispose();
        }
    }
}
