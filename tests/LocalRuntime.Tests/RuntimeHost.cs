using McpOrchestrator.LocalRuntime.Hosting;
using McpOrchestrator.LocalRuntime.Tests.TestApp;
using McpOrchestrator.TestSupport;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace McpOrchestrator.LocalRuntime.Tests;

/// <summary>The test app served by the local runtime on a free loopback port, with captured logs.</summary>
public sealed class RuntimeHost : IAsyncDisposable
{
    private readonly IHost _host;

    private RuntimeHost(IHost host, Uri address, CapturedLogs logs)
    {
        _host = host;
        Logs = logs;
        Client = new HttpClient { BaseAddress = address };
    }

    public HttpClient Client { get; }

    public CapturedLogs Logs { get; }

    public TestSignals Signals => _host.Services.GetRequiredService<TestSignals>();

    public IServiceProvider Services => _host.Services;

    public static async Task<RuntimeHost> StartAsync(
        Action<FunctionsApplicationBuilder>? configure = null, string? appDirectory = null, TimeProvider? clock = null, string[]? args = null)
    {
        var builder = LocalFunctionsApplication.CreateBuilder(args ?? ["--port", "0"], new LocalRuntimeOptions
        {
            FunctionsAssembly = typeof(TestFunctions).Assembly,
            AppDirectory = appDirectory ?? AppContext.BaseDirectory,
            StartDevelopmentStorage = false,
        });
        builder.ConfigureFunctionsWebApplication();
        builder.Services.AddSingleton<TestSignals>();
        if (clock is not null)
        {
            builder.Services.AddSingleton(clock);
        }

        var logs = new CapturedLogs();
        builder.Logging.AddProvider(logs);
        configure?.Invoke(builder);
        var host = builder.Build();
        await host.StartAsync();
        var address = host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new RuntimeHost(host, new Uri(address), logs);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
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
