using System.Net.Http.Json;
using System.Text.Json;
using McpOrchestrator.TestSupport;

namespace McpOrchestrator.LocalHost.Tests.Durable;

/// <summary>The local host run as its user runs it (<c>McpOrchestrator.LocalHost --script-root &lt;app&gt; --no-build
/// --port N</c>) serving tests/DurableTestApp on a given storage and task hub, with helpers for the app's HTTP
/// starters. Disposing kills the host and its worker (SIGKILL of the process tree).</summary>
internal sealed class DurableHostProcess : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private DurableHostProcess(FunctionsAppProcess process) => Process = process;

    public FunctionsAppProcess Process { get; }

    public HttpClient Client => Process.Client;

    private static string Configuration => new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    public static string HostDll => Built(Path.Combine(RepositoryPaths.Root, "src", "LocalHost", "bin", Configuration, "net10.0", "McpOrchestrator.LocalHost.dll"));

    public static string AppDirectory =>
        Path.GetDirectoryName(Built(Path.Combine(RepositoryPaths.Root, "tests", "DurableTestApp", "bin", Configuration, "net10.0", "McpOrchestrator.DurableTestApp.dll")))!;

    public static async Task<DurableHostProcess> StartAsync(string connectionString, string hubName, IReadOnlyDictionary<string, string>? settings = null)
    {
        var environment = new Dictionary<string, string>
        {
            ["AzureWebJobsStorage"] = connectionString,
            ["DurableTestHub"] = hubName,
        };
        foreach (var (name, value) in settings ?? new Dictionary<string, string>())
        {
            environment[name] = value;
        }

        var process = await FunctionsAppProcess.StartDllAsync(HostDll, ["--script-root", AppDirectory, "--no-build"], environment);
        return new DurableHostProcess(process);
    }

    /// <summary>Starts <paramref name="orchestrator"/> with <paramref name="input"/> (JSON) and returns its id.</summary>
    public async Task<string> StartOrchestrationAsync(string orchestrator, object? input = null)
    {
        using var response = await Client.PostAsync(
            $"/api/start/{orchestrator}", input is null ? new StringContent(string.Empty) : JsonContent.Create(input));
        await EnsureAsync(response, System.Net.HttpStatusCode.Accepted);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Json);
        return body.GetProperty("id").GetString()!;
    }

    public async Task<InstanceView?> GetAsync(string instanceId)
    {
        using var response = await Client.GetAsync($"/api/instances/{instanceId}");
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }

        await EnsureAsync(response, System.Net.HttpStatusCode.OK);
        return await response.Content.ReadFromJsonAsync<InstanceView>(Json);
    }

    /// <summary>Waits for the instance to finish (the app's wait route; the sidecar's WaitForInstanceCompletion).</summary>
    public async Task<InstanceView> WaitAsync(string instanceId, TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(90));
        while (true)
        {
            try
            {
                using var response = await Client.GetAsync($"/api/instances/{instanceId}/wait", deadline.Token);
                if (response.StatusCode == System.Net.HttpStatusCode.OK)
                {
                    return (await response.Content.ReadFromJsonAsync<InstanceView>(Json, deadline.Token))!;
                }

                // The host answers 503 while the worker restarts, and 502 for a request the worker died under; the wait
                // is asked again then.
                Assert.True(
                    response.StatusCode is System.Net.HttpStatusCode.ServiceUnavailable or System.Net.HttpStatusCode.BadGateway,
                    $"waiting for {instanceId} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(deadline.Token)}");
                await Task.Delay(TimeSpan.FromMilliseconds(500), deadline.Token);
            }
            catch (TaskCanceledException) when (!deadline.IsCancellationRequested)
            {
                // The HTTP client's own timeout on a long wait: ask again.
            }
        }
    }

    public async Task PostAsync(string path, object? body = null, System.Net.HttpStatusCode expected = System.Net.HttpStatusCode.Accepted)
    {
        using var response = await Client.PostAsync(path, body is null ? new StringContent(string.Empty) : JsonContent.Create(body));
        await EnsureAsync(response, expected);
    }

    public ValueTask DisposeAsync() => Process.DisposeAsync();

    private async Task EnsureAsync(HttpResponseMessage response, System.Net.HttpStatusCode expected)
    {
        if (response.StatusCode != expected)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.Fail($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {body}\nHost output:\n{Process.Output}");
        }
    }

    private static string Built(string path) => File.Exists(path)
        ? path
        : throw new FileNotFoundException($"{path} is not built; build tests/LocalHost.Tests (it builds the host and the Durable test app).", path);
}
