using System.Net;
using System.Net.Sockets;
using McpOrchestrator.LocalHost.Durable;
using McpOrchestrator.LocalHost.Http;
using McpOrchestrator.LocalHost.Storage;
using McpOrchestrator.LocalHost.Timers;
using McpOrchestrator.LocalHost.Worker;
using Microsoft.Extensions.Logging.Console;

namespace McpOrchestrator.LocalHost.Hosting;

/// <summary>Builds and runs the host: resolves the app, reads its settings, starts development storage and the
/// worker, then opens HTTP on 127.0.0.1. "Application started" is printed only once the worker has loaded its
/// functions and HTTP is served. Start-up failures end in one line on stderr and exit code 1.</summary>
public static class LocalHostApplication
{
    /// <summary>The largest request body forwarded, as on Azure Functions (100 MB).</summary>
    public const long MaxRequestBodySize = 100 * 1024 * 1024;

    private const string Http405DisplayName = "405 HTTP Method Not Supported";

    public static async Task<int> RunAsync(string[] args) => await RunAsync(args, configureServices: null);

    /// <summary>Runs the host; <paramref name="configureServices"/> adds services (such as host extensions) to it.</summary>
    public static async Task<int> RunAsync(string[] args, Action<IServiceCollection>? configureServices)
    {
        using var output = CoalescingConsoleOutput.Install();
        WebApplication? app = null;
        try
        {
            var commandLine = HostCommandLine.Parse(args);
            var script = await ScriptRoot.ResolveAsync(commandLine.ScriptRoot, commandLine.NoBuild, Console.Out, CancellationToken.None);
            var configuration = LocalHostConfiguration.Create(script, commandLine.Port);
            EnsurePortFree(configuration.Port);
            app = Build(configuration, configureServices);
            await app.StartAsync();
        }
        catch (Exception e) when (Unwrap(e) is { } failure)
        {
            await Console.Out.FlushAsync();
            await Console.Error.WriteLineAsync($"Error: {failure}");
            if (app is not null)
            {
                using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(15));
                await app.StopAsync(stop.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                await app.DisposeAsync();
            }

            return 1;
        }

        await app.WaitForShutdownAsync();
        await app.DisposeAsync();
        return 0;
    }

    /// <summary>The host's services and HTTP pipeline for <paramref name="configuration"/>.</summary>
    public static WebApplication Build(LocalHostConfiguration configuration, Action<IServiceCollection>? configureServices = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = configuration.Script.AppDirectory });
        ConfigureLogging(builder.Logging, configuration.HostJson);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = MaxRequestBodySize;
            kestrel.Limits.MaxRequestLineSize = RequestLimits.MaxRequestTargetBytes * RequestLimits.KestrelHeadroom;
            kestrel.Limits.MaxRequestHeadersTotalSize = RequestLimits.MaxRequestHeadersBytes * RequestLimits.KestrelHeadroom;
            kestrel.Listen(IPAddress.Loopback, configuration.Port);
        });
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(30));

        var services = builder.Services;
        services.AddSingleton(configuration);
        services.AddSingleton(configuration.ToHostContext());
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(DevelopmentStoragePorts.WellKnown);
        services.AddSingleton<WorkerChannelRegistry>();
        services.AddSingleton<WorkerSupervisor>();
        services.AddSingleton<Extensions.IWorkerFunctions>(sp => sp.GetRequiredService<WorkerSupervisor>());
        services.AddSingleton<ForwardingClient>();
        services.AddSingleton<HttpFunctionInvoker>();
        services.AddSingleton<HttpTriggerEndpoints>();
        services.AddHttpForwarder();
        services.AddRouting();
        if (configuration.CorsOrigins.Count > 0)
        {
            services.AddCors(cors => cors.AddDefaultPolicy(policy =>
            {
                if (configuration.CorsOrigins.Contains("*"))
                {
                    policy.AllowAnyOrigin();
                }
                else
                {
                    policy.WithOrigins([.. configuration.CorsOrigins]);
                }

                policy.AllowAnyHeader().AllowAnyMethod();
                if (configuration.CorsCredentials)
                {
                    policy.AllowCredentials();
                }
            }));
        }

        // Host extensions (IHostExtension) register here, e.g. services.AddDurableExtension(); the host starts them
        // once the worker has loaded its functions and stops them before terminating it.
        AddHostExtensions(services);
        configureServices?.Invoke(services);

        // Start order: storage, then the worker, then routes and timers; the server opens after all of them.
        services.AddHostedService<DevelopmentStorage>();
        services.AddHostedService(sp => sp.GetRequiredService<WorkerSupervisor>());
        services.AddHostedService<HttpTriggerService>();
        services.AddHostedService<TimerService>();

        var app = builder.Build();
        app.Use(RequestLimits.EnforceAsync);
        if (configuration.CorsOrigins.Count > 0)
        {
            app.UseCors();
        }

        app.UseRouting();
        app.Use(async (context, next) =>
        {
            var endpoint = context.GetEndpoint();
            if (endpoint is null)
            {
                await Problems.NotFound(context);
                return;
            }

            if (endpoint.DisplayName == Http405DisplayName && endpoint.RequestDelegate is { } rejection)
            {
                await rejection(context);
                await Problems.MethodNotAllowed(context, context.Response.Headers.Allow.ToString());
                return;
            }

            await next(context);
        });
        ((IEndpointRouteBuilder)app).DataSources.Add(app.Services.GetRequiredService<HttpTriggerEndpoints>());
        app.UseEndpoints(_ => { });
        return app;
    }

    /// <summary>The one place where host extensions are added.</summary>
    private static void AddHostExtensions(IServiceCollection services)
    {
        services.AddDurableExtension();
    }

    private static void ConfigureLogging(ILoggingBuilder logging, HostJson hostJson)
    {
        logging.ClearProviders();
        logging.AddSimpleConsole(options =>
        {
            options.SingleLine = true;
            options.TimestampFormat = "[yyyy-MM-ddTHH:mm:ss.fffZ] ";
            options.UseUtcTimestamp = true;
            options.ColorBehavior = LoggerColorBehavior.Disabled;
        });
        logging.SetMinimumLevel(LogLevel.Information);
        logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        logging.AddFilter("Grpc", LogLevel.Warning);
        logging.AddFilter("Yarp", LogLevel.Warning);

        // A failed start is reported once, as the one-line error; not again with its stack trace.
        logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);
        foreach (var (category, level) in hostJson.LogLevels)
        {
            if (Enum.TryParse<LogLevel>(level, ignoreCase: true, out var parsed))
            {
                if (string.Equals(category, "default", StringComparison.OrdinalIgnoreCase))
                {
                    logging.SetMinimumLevel(parsed);
                }
                else
                {
                    logging.AddFilter(category, parsed);
                }
            }
        }

        // The readiness line is the host's own contract: never filtered away by host.json.
        logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information);
    }

    private static void EnsurePortFree(int port)
    {
        try
        {
            using var probe = new TcpListener(IPAddress.Loopback, port);
            probe.Start();
            probe.Stop();
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            throw new HostStartupException($"Port {port} on 127.0.0.1 is in use by another program: stop it, or pass --port <n> (or set Host.LocalHttpPort in local.settings.json).", e);
        }
    }

    private static string? Unwrap(Exception e) => e switch
    {
        HostStartupException startup => startup.Message,
        IOException io when io.InnerException is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse } || io.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase) =>
            "The HTTP port on 127.0.0.1 is in use by another program: stop it, or pass --port <n> (or set Host.LocalHttpPort in local.settings.json).",
        AggregateException aggregate when aggregate.InnerExceptions.Count == 1 => Unwrap(aggregate.InnerExceptions[0]),
        _ => null,
    };
}
