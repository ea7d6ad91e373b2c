using McpOrchestrator.LocalRuntime.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Microsoft.Azure.Functions.Worker.Builder;

/// <summary>Builds a Functions app. In the local runtime it composes a Kestrel host that serves the app's HTTP
/// functions, a timer scheduler for its timer functions, and the worker middleware pipeline around both.</summary>
public sealed class FunctionsApplicationBuilder : IHostApplicationBuilder, IFunctionsWorkerApplicationBuilder
{
    private readonly WebApplicationBuilder _web;
    private readonly LocalRuntimeOptions _options;
    private readonly LocalSettings _settings;
    private readonly List<Func<FunctionExecutionDelegate, FunctionExecutionDelegate>> _middleware = [];
    private readonly int? _portArgument;
    private bool _aspNetCoreIntegration;

    internal FunctionsApplicationBuilder(string[] args, LocalRuntimeOptions options)
    {
        _options = options;
        _portArgument = CommandLine.ReadPort(args);
        _web = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = CommandLine.WithoutRuntimeOptions(args),
            ContentRootPath = options.AppDirectory,
            ApplicationName = options.FunctionsAssembly.GetName().Name,
        });
        _settings = LocalSettings.Load(options.AppDirectory);
        _settings.AddTo(_web.Configuration);
    }

    public IDictionary<object, object> Properties => ((IHostApplicationBuilder)_web).Properties;

    public IConfigurationManager Configuration => _web.Configuration;

    public IHostEnvironment Environment => _web.Environment;

    public ILoggingBuilder Logging => _web.Logging;

    public IMetricsBuilder Metrics => _web.Metrics;

    public IServiceCollection Services => _web.Services;

    public void ConfigureContainer<TContainerBuilder>(
        IServiceProviderFactory<TContainerBuilder> factory, Action<TContainerBuilder>? configure = null)
        where TContainerBuilder : notnull =>
        ((IHostApplicationBuilder)_web).ConfigureContainer(factory, configure);

    public IFunctionsWorkerApplicationBuilder Use(Func<FunctionExecutionDelegate, FunctionExecutionDelegate> middleware)
    {
        _middleware.Add(middleware);
        return this;
    }

    public IHost Build()
    {
        var port = _portArgument ?? LocalSettings.ReadPort(_web.Configuration) ?? LocalRuntimeOptions.DefaultPort;
        return LocalFunctionsHost.Build(_web, _options, _settings, _middleware, port, _aspNetCoreIntegration);
    }

    internal void EnableAspNetCoreIntegration() => _aspNetCoreIntegration = true;
}
