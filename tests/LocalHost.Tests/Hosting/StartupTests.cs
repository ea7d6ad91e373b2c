using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace McpOrchestrator.LocalHost.Tests.Hosting;

public sealed class StartupTests
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Start_TestApp_ListsFunctionsAndServesOnceReady()
    {
        await using var host = await LocalHostRun.StartAsync();

        // Ready means ready: the first request after the "Application started" line is served by the worker.
        var response = await host.Client.GetAsync(new Uri("/api/hello", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("hello", await response.Content.ReadAsStringAsync());

        var output = host.App.Output;
        var port = host.App.Port.ToString(CultureInfo.InvariantCulture);
        Assert.Contains("Functions:", output, StringComparison.Ordinal);
        Assert.Contains($"  Hello: [GET] http://127.0.0.1:{port}/api/hello", output, StringComparison.Ordinal);
        Assert.Contains($"  ItemById: [GET,DELETE] http://127.0.0.1:{port}/api/items/{{id:int}}", output, StringComparison.Ordinal);
        Assert.Contains("  Tick: timerTrigger", output, StringComparison.Ordinal);
        Assert.True(output.IndexOf("Worker process started and initialized", StringComparison.Ordinal) < output.IndexOf("Application started", StringComparison.Ordinal));
        await host.App.WaitForLineAsync(@"Executed 'Functions\.Hello' \(Succeeded, Id=[0-9a-f-]+, Duration=\d+ms\)");
        await host.App.WaitForLineAsync(@"Executing 'Functions\.Hello' \(Reason='This function was programmatically called via the host APIs\.', Id=[0-9a-f-]+\)");

        // The worker's logs arrive as RpcLog under their own category.
        await host.App.WaitForLineAsync(@"McpOrchestrator\.LocalHostTestApp\.HttpFunctions.*Hello was called");
    }

    [Fact]
    public async Task Start_PortInUse_PrintsOneLineErrorAndExitsNonZero()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);

        var (code, output) = await HostCommand.RunAsync(["--script-root", LocalHostRun.TestAppDirectory, "--port", port], Environment(), ExitTimeout);

        Assert.NotEqual(0, code);
        var error = Assert.Single(ErrorLines(output));
        Assert.Contains($"Port {port}", error, StringComparison.Ordinal);
        Assert.Contains("--port", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_FolderWithoutApp_PrintsOneLineErrorAndExitsNonZero()
    {
        var empty = Directory.CreateTempSubdirectory("localhost-empty-").FullName;

        var (code, output) = await HostCommand.RunAsync(["--script-root", empty], Environment(), ExitTimeout);

        Assert.NotEqual(0, code);
        var error = Assert.Single(ErrorLines(output));
        Assert.Contains("functions.metadata", error, StringComparison.Ordinal);
        Assert.Contains("--script-root", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_WorkerThatCannotStart_PrintsOneLineErrorAndExitsNonZero()
    {
        var app = Directory.CreateTempSubdirectory("localhost-broken-").FullName;
        await File.WriteAllTextAsync(Path.Combine(app, "functions.metadata"), "[]");
        await File.WriteAllTextAsync(Path.Combine(app, "worker.config.json"), """{"description":{"language":"dotnet-isolated","defaultExecutablePath":"dotnet","defaultWorkerPath":"Broken.dll"}}""");
        await File.WriteAllTextAsync(Path.Combine(app, "Broken.dll"), "not an assembly");

        var (code, output) = await HostCommand.RunAsync(["--script-root", app, "--port", FreePortText()], Environment(), ExitTimeout);

        Assert.NotEqual(0, code);
        var error = Assert.Single(ErrorLines(output));
        Assert.Contains("exited with code", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Application started", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_WildcardCorsWithCredentials_RefusesToStart()
    {
        var environment = Environment();
        environment["Host__CORS"] = "*";
        environment["Host__CORSCredentials"] = "true";

        var (code, output) = await HostCommand.RunAsync(["--script-root", LocalHostRun.TestAppDirectory, "--port", FreePortText()], environment, ExitTimeout);

        Assert.NotEqual(0, code);
        var error = Assert.Single(ErrorLines(output));
        Assert.Contains("CORSCredentials", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_ProjectFolder_BuildsItAndRunsItsOutput()
    {
        var project = Path.Combine(TestSupport.RepositoryPaths.Root, "tests", "LocalHostTestApp");
        var environment = Environment();
        using var host = HostCommand.Start(["--script-root", project, "--port", FreePortText()], environment);

        await host.WaitForOutputAsync("Application started", TimeSpan.FromSeconds(240));
        Assert.Contains("Building McpOrchestrator.LocalHostTestApp.csproj", host.Output, StringComparison.Ordinal);

        Assert.Contains("Hello: [GET]", host.Output, StringComparison.Ordinal);
    }

    private static Dictionary<string, string> Environment() =>
        LocalHostRun.Environment(Path.GetTempPath(), Guid.NewGuid().ToString("N"), null);

    private static List<string> ErrorLines(string output) =>
        [.. output.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.StartsWith("Error:", StringComparison.Ordinal))];

    private static string FreePortText() => TestSupport.FreePort.Next().ToString(CultureInfo.InvariantCulture);
}
