using System.Net;
using McpOrchestrator.LocalHost.Extensions;
using McpOrchestrator.LocalHost.Hosting;
using McpOrchestrator.LocalHost.Worker;
using McpOrchestrator.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace McpOrchestrator.LocalHost.Tests.Hosting;

public sealed class HostExtensionTests
{
    [Fact]
    public async Task Extension_OwningATriggerType_IsStartedWithTheLoadedFunctionsAndAloneInvokesThem()
    {
        var signals = Directory.CreateTempSubdirectory("localhost-signals-").FullName;
        var script = await ScriptRoot.ResolveAsync(LocalHostRun.TestAppDirectory, noBuild: true, TextWriter.Null, CancellationToken.None);
        var configuration = LocalHostConfiguration.Create(script, FreePort.Next()) with
        {
            Settings = new LocalSettings(null, new Dictionary<string, string> { ["LOCALHOST_TEST_SIGNALS"] = signals }, null, [], false),
        };
        var extension = new TimerOwningExtension();
        await using var app = LocalHostApplication.Build(configuration, services => services.AddSingleton<IHostExtension>(extension));

        await app.StartAsync();
        WorkerSupervisor supervisor;
        try
        {
            supervisor = app.Services.GetRequiredService<WorkerSupervisor>();
            var worker = await extension.Started.Task.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Contains(worker.Functions, f => f.Name == "Tick" && f.Bindings.Any(b => b.Type == "timerTrigger" && b.Name == "timer"));
            Assert.Contains(worker.Functions, f => f.Name == "Hello");

            var outcome = await worker.InvokeAsync(
                "Tick",
                [new InvocationInput("timer", new InvocationValue.Json("""{"Schedule":{"AdjustForDST":true},"ScheduleStatus":null,"IsPastDue":true}"""))],
                new Dictionary<string, InvocationValue>(),
                "Extension test",
                CancellationToken.None);

            Assert.True(outcome.Succeeded, outcome.Failure?.Message);
            Assert.Contains("\"IsPastDue\":true", await LocalHostRun.WaitForFileAsync(Path.Combine(signals, "tick-1"), TimeSpan.FromSeconds(30)), StringComparison.Ordinal);

            // The host serves its own triggers next to the extension's.
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{configuration.Port}") };
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/api/hello", UriKind.Relative))).StatusCode);
        }
        finally
        {
            await app.StopAsync();
        }

        Assert.True(extension.WorkerAliveWhenStopped);
        Assert.Null(supervisor.Current);
        await Assert.ThrowsAsync<WorkerUnavailableException>(() => supervisor.InvokeAsync("Tick", [], new Dictionary<string, InvocationValue>(), "after stop", CancellationToken.None));
    }

    /// <summary>Claims timerTrigger, so the host must leave Tick to it.</summary>
    private sealed class TimerOwningExtension : IHostExtension
    {
        private IWorkerFunctions? _worker;

        public TaskCompletionSource<IWorkerFunctions> Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool WorkerAliveWhenStopped { get; private set; }

        public IReadOnlyCollection<string> BindingTypes => ["timerTrigger"];

        public Task StartAsync(IWorkerFunctions worker, CancellationToken cancellationToken)
        {
            _worker = worker;
            Started.TrySetResult(worker);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken)
        {
            WorkerAliveWhenStopped = ((WorkerSupervisor)_worker!).Current is { } current && !current.Process.Exited.IsCompleted;
            return Task.CompletedTask;
        }

        public InvocationValue ProvideInput(FunctionBinding binding) => throw new InvalidOperationException("Tick has no input binding of ours.");
    }
}
