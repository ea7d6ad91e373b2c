using System.Globalization;

namespace McpOrchestrator.LocalHost.Tests.Durable;

/// <summary>Crash-resume is the engine's: a host killed (SIGKILL, with its worker) in the middle of an orchestration,
/// and a second host started on the same storage and task hub, completes the instance. Activities are at-least-once:
/// the step that was running when the host died runs again, the finished ones do not.</summary>
public sealed class CrashResumeTests(DurableStorageFixture storage) : IClassFixture<DurableStorageFixture>, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("durable-crash-").FullName;

    [Fact]
    public async Task HostKilledMidOrchestration_SecondHostOnTheSameHub_CompletesTheInstance()
    {
        var hub = storage.UniqueHubName();
        var journal = Path.Combine(_folder, "journal.txt");
        var release = Path.Combine(_folder, "release");
        var settings = new Dictionary<string, string> { ["JOURNAL_FILE"] = journal, ["RELEASE_FILE"] = release };

        string id;
        int firstWorker;
        await using (var first = await DurableHostProcess.StartAsync(storage.ConnectionString, hub, settings))
        {
            id = await first.StartOrchestrationAsync("Journaled");
            firstWorker = await WaitForLineAsync(journal, $"start {id} 2 ");
        }

        // The first host and its worker are gone (killed with the process tree), step 2 unfinished.
        Assert.DoesNotContain(Lines(journal), line => line.StartsWith($"done {id} 2 ", StringComparison.Ordinal));

        await using var second = await DurableHostProcess.StartAsync(storage.ConnectionString, hub, settings);
        var secondWorker = await WaitForLineAsync(journal, $"start {id} 2 ", after: firstWorker);
        await File.WriteAllTextAsync(release, "go");
        var done = await second.WaitAsync(id, TimeSpan.FromMinutes(2));

        Assert.Equal("Completed", done.Status);
        Assert.Equal("6", done.Output);
        Assert.NotEqual(firstWorker, secondWorker);
        var lines = Lines(journal);
        Assert.Single(lines, line => line.StartsWith($"done {id} 1 ", StringComparison.Ordinal));
        Assert.Single(lines, line => line.StartsWith($"done {id} 2 ", StringComparison.Ordinal));
        Assert.Single(lines, line => line.StartsWith($"done {id} 3 ", StringComparison.Ordinal));
        Assert.Equal(2, lines.Count(line => line.StartsWith($"start {id} 2 ", StringComparison.Ordinal)));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static string[] Lines(string journal) => File.Exists(journal) ? File.ReadAllLines(journal) : [];

    // Polls the journal (a file the app appends to) with a deadline; returns the writing process id.
    private static async Task<int> WaitForLineAsync(string journal, string prefix, int? after = null)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (true)
        {
            foreach (var line in Lines(journal).Where(l => l.StartsWith(prefix, StringComparison.Ordinal)))
            {
                var pid = int.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
                if (after != pid)
                {
                    return pid;
                }
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), deadline.Token);
        }
    }
}
