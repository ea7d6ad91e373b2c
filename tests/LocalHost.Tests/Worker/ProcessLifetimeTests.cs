using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using McpOrchestrator.TestSupport;

namespace McpOrchestrator.LocalHost.Tests.Worker;

public sealed class ProcessLifetimeTests
{
    [Fact]
    public async Task SigKill_Host_LeavesNeitherWorkerNorItsChildren_EvenOnesInAGroupOfTheirOwn()
    {
        var host = await LocalHostRun.StartAsync();
        try
        {
            var child = await SpawnAsync(host, "/api/spawn");
            var grouped = await SpawnAsync(host, "/api/spawn?group=true");
            var marked = MarkedProcesses.With(LocalHostRun.MarkerVariable, host.Marker);
            Assert.Contains(child, marked);
            Assert.Contains(grouped, marked);
            Assert.Equal(grouped, GroupOf(grouped));
            Assert.NotEqual(GroupOf(child), GroupOf(grouped));
            var hostPid = marked.Single(pid => CommandLine(pid).Contains("McpOrchestrator.LocalHost.dll", StringComparison.Ordinal));
            Assert.Contains(marked, pid => CommandLine(pid).Contains("McpOrchestrator.LocalHostTestApp.dll", StringComparison.Ordinal) && pid != hostPid);

            using (var kill = Process.Start("kill", ["-KILL", hostPid.ToString(CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            var deadline = Stopwatch.StartNew();
            IReadOnlyList<int> left;
            while ((left = MarkedProcesses.With(LocalHostRun.MarkerVariable, host.Marker)).Count > 0)
            {
                Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(30), $"Still alive after the host was killed: {string.Join(", ", left.Select(CommandLine))}");
                await Task.Delay(100);
            }
        }
        finally
        {
            await host.DisposeAsync();
        }
    }

    [Fact]
    public async Task SigTerm_Host_DrainsInFlightSendsWorkerTerminateAndExitsZero()
    {
        var signals = Directory.CreateTempSubdirectory("localhost-signals-").FullName;
        var marker = Guid.NewGuid().ToString("N");
        var port = FreePort.Next();
        using var host = HostCommand.Start(["--script-root", LocalHostRun.TestAppDirectory, "--port", port.ToString(CultureInfo.InvariantCulture)], LocalHostRun.Environment(signals, marker, null));
        await host.WaitForOutputAsync("Application started", TimeSpan.FromSeconds(90));
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}") };

        var slow = client.GetAsync(new Uri("/api/slow/1500?tag=drain", UriKind.Relative));
        await LocalHostRun.WaitForFileAsync(Path.Combine(signals, "started-drain"), TimeSpan.FromSeconds(30));
        using (var term = Process.Start("kill", ["-TERM", host.Process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await term.WaitForExitAsync();
        }

        var response = await slow;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await host.Process.WaitForExitAsync(deadline.Token);
        host.Process.WaitForExit();
        Assert.Equal(0, host.Process.ExitCode);
        Assert.Contains("Sent WorkerTerminate", host.Output, StringComparison.Ordinal);
        Assert.Contains("Worker exited with code 0", host.Output, StringComparison.Ordinal);
        Assert.Empty(MarkedProcesses.With(LocalHostRun.MarkerVariable, marker));
    }

    private static async Task<int> SpawnAsync(LocalHostRun host, string path)
    {
        var spawn = await host.Client.PostAsync(new Uri(path, UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.OK, spawn.StatusCode);
        return JsonDocument.Parse(await spawn.Content.ReadAsStringAsync()).RootElement.GetProperty("pid").GetInt32();
    }

    /// <summary>Field 5 of <c>/proc/&lt;pid&gt;/stat</c> (the process group), counted from the name's last ')'.</summary>
    private static int GroupOf(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        return int.Parse(stat[(stat.LastIndexOf(')') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries)[2], CultureInfo.InvariantCulture);
    }

    private static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/cmdline").Replace('\0', ' ');
        }
        catch (IOException)
        {
            return $"(pid {pid} gone)";
        }
    }
}
