using McpOrchestrator.LocalHost.Hosting;
using McpOrchestrator.LocalHost.Worker;

namespace McpOrchestrator.LocalHost.Http;

/// <summary>Once the worker has loaded its functions: registers the HTTP routes and prints the function list as
/// <c>func start</c> does, before the server opens.</summary>
internal sealed class HttpTriggerService(WorkerSupervisor supervisor, HttpTriggerEndpoints endpoints, LocalHostConfiguration configuration) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var http = supervisor.Functions.Where(f => !supervisor.IsOwnedByExtension(f)).Select(f => HttpFunction.From(f, configuration.HostJson.RoutePrefix)).OfType<HttpFunction>().ToList();
        endpoints.Load(http);
        var lines = new List<string> { string.Empty, "Functions:", string.Empty };
        foreach (var function in supervisor.Functions)
        {
            if (http.FirstOrDefault(h => h.Function == function) is { } route)
            {
                lines.Add(route.Describe(configuration.Port));
            }
            else if (function.Bindings.FirstOrDefault(b => b.IsTrigger) is { } trigger)
            {
                lines.Add($"  {function.Name}: {trigger.Type}");
            }
        }

        lines.Add(string.Empty);
        await Console.Out.WriteLineAsync(string.Join(Environment.NewLine, lines));
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
