using System.Net;
using McpOrchestrator.LocalRuntime.Durable;
using McpOrchestrator.LocalRuntime.Http;
using McpOrchestrator.LocalRuntime.Invocation;
using McpOrchestrator.LocalRuntime.Metadata;
using McpOrchestrator.LocalRuntime.Storage;
using McpOrchestrator.LocalRuntime.Timers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace McpOrchestrator.LocalRuntime.Hosting;

/// <summary>Composes the local runtime: reads host.json and functions.metadata, serves the HTTP functions on Kestrel
/// (127.0.0.1 only), schedules the timer functions, runs orchestrations and activities with the Durable engine (and
/// serves its built-in HTTP API), and runs every invocation through the worker middleware pipeline.</summary>
internal static class LocalFunctionsHost
{
    private const string CorsPolicy = "Host.CORS";

    public static WebApplication Build(
        WebApplicationBuilder builder, LocalRuntimeOptions options, LocalSettings settings,
        IReadOnlyList<Func<FunctionExecutionDelegate, FunctionExecutionDelegate>> middleware, int port, bool aspNetCoreIntegration)
    {
        var hostJson = HostJson.Load(options.AppDirectory);
        var index = FunctionIndex.Create(FunctionMetadataFile.Load(options.AppDirectory), options.FunctionsAssembly);
        var cors = CorsSettings.From(builder.Configuration);
        var httpFunctions = index.Functions.Where(f => f.Metadata.Trigger.Type == HttpFunctionEndpoints.TriggerType).ToArray();
        if (httpFunctions.Length > 0 && !aspNetCoreIntegration)
        {
            throw new InvalidOperationException(
                "The app has HTTP functions but Program.cs does not call builder.ConfigureFunctionsWebApplication(); add it before Build().");
        }

        ConfigureLogging(builder.Logging, hostJson);
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        builder.WebHost.UseShutdownTimeout(TimeSpan.FromSeconds(10));

        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.AddMvcCore();
        services.AddRouting();
        services.AddSingleton(new InvocationPipeline(middleware));
        services.AddSingleton<FunctionExecutor>();
        if (options.StartDevelopmentStorage)
        {
            // Registered first so the emulator is up before anything else starts.
            services.Insert(0, ServiceDescriptor.Singleton<IHostedService, DevelopmentStorage>());
        }

        foreach (var timer in index.Functions.Where(f => f.Metadata.Trigger.Type == TimerScheduler.TriggerType))
        {
            services.AddSingleton(TimerFunction.Create(timer, builder.Configuration));
        }

        services.AddHostedService<TimerScheduler>();
        var durable = new DurableFunctionRegistry(index.Functions);
        if (durable.IsUsed)
        {
            DurableHosting.Add(services, durable, hostJson, builder.Configuration);
        }

        if (cors.IsEnabled)
        {
            services.AddCors(o => o.AddPolicy(CorsPolicy, policy =>
            {
                if (cors.AllowAnyOrigin)
                {
                    policy.AllowAnyOrigin();
                }
                else
                {
                    policy.WithOrigins([.. cors.Origins]);
                }

                if (cors.AllowCredentials)
                {
                    policy.AllowCredentials();
                }

                policy.WithHeaders("Authorization", "Content-Type", "X-API-Key", "If-Match", "If-None-Match")
                    .WithMethods("GET", "POST", "PUT", "PATCH", "DELETE")
                    .WithExposedHeaders("ETag", "Location", "Retry-After", "WWW-Authenticate")
                    .SetPreflightMaxAge(TimeSpan.FromMinutes(10));
            }));
        }

        var app = builder.Build();
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Host");
        StartupLog.Settings(log, settings.Source ?? "(none)", port);
        app.UseStatusCodePages(context => RuntimeProblem.WriteStatusCodePageAsync(context.HttpContext));
        if (cors.IsEnabled)
        {
            app.UseCors(CorsPolicy);
        }

        app.UseRouting();
        HttpFunctionEndpoints.Map(app, httpFunctions, hostJson.RoutePrefix);
        if (durable.IsUsed)
        {
            DurableHttpApi.Map(app);
        }

        foreach (var function in httpFunctions)
        {
            var trigger = function.Metadata.Trigger;
            StartupLog.HttpFunction(log, function.Name,
                string.Join(',', trigger.GetStrings("methods") ?? ["*"]).ToUpperInvariant(),
                $"http://127.0.0.1:{port}{HttpFunctionEndpoints.RouteFor(hostJson.RoutePrefix, trigger.GetString("route") ?? function.Name)}");
        }

        return app;
    }

    private static void ConfigureLogging(ILoggingBuilder logging, HostJson hostJson)
    {
        logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "[yyyy-MM-ddTHH:mm:ss.fffZ] ";
            o.UseUtcTimestamp = true;
        });
        foreach (var (category, level) in hostJson.LogLevels)
        {
            if (string.Equals(category, "default", StringComparison.OrdinalIgnoreCase))
            {
                logging.SetMinimumLevel(level);
            }
            else
            {
                logging.AddFilter(category, level);
            }
        }
    }
}
