using McpOrchestrator.TestSupport;

namespace McpOrchestrator.Core.Tests.Mcp;

/// <summary>Finds live processes by the marker variable a test put in a server's env (Linux <c>/proc</c>): a leaked
/// stdio server, or one of its children, still carries it. Zombies have no readable environment and do not
/// count.</summary>
internal static class ChildProcesses
{
    public static IReadOnlyList<int> WithMarker(string marker) => MarkedProcesses.With(TestServers.MarkerVariable, marker);

    /// <summary>Completes when no process carries <paramref name="marker"/>; fails with the pids still alive after
    /// <paramref name="deadline"/>. There is no exit event for a process we did not start, so /proc is re-read every
    /// 50 ms until then.</summary>
    public static async Task WaitUntilNoneAsync(string marker, TimeSpan? deadline = null)
    {
        var until = DateTime.UtcNow + (deadline ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            var alive = WithMarker(marker);
            if (alive.Count == 0)
            {
                return;
            }

            if (DateTime.UtcNow > until)
            {
                Assert.Fail($"Processes still alive with marker {marker}: {string.Join(", ", alive.Select(Describe))}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>A process for a failure message: its <c>stat</c> line (pid, name, state, parent, group, session).</summary>
    public static string Describe(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/stat").Split(' ').Take(6) is var fields ? string.Join(' ', fields) : string.Empty;
        }
        catch (IOException)
        {
            return $"{pid} (gone)";
        }
    }

    /// <summary>Completes when exactly <paramref name="count"/> processes carry <paramref name="marker"/>; fails with
    /// those alive after <paramref name="deadline"/> (re-read every 50 ms, as above).</summary>
    public static async Task<IReadOnlyList<int>> WaitForCountAsync(string marker, int count, TimeSpan? deadline = null)
    {
        var until = DateTime.UtcNow + (deadline ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            var alive = WithMarker(marker);
            if (alive.Count == count)
            {
                return alive;
            }

            if (DateTime.UtcNow > until)
            {
                Assert.Fail($"Expected {count} processes with marker {marker}, found: {string.Join(", ", alive.Select(Describe))}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Completes when at least one process carries <paramref name="marker"/>.</summary>
    public static async Task<IReadOnlyList<int>> WaitForAnyAsync(string marker, TimeSpan? deadline = null)
    {
        var until = DateTime.UtcNow + (deadline ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            var alive = WithMarker(marker);
            if (alive.Count > 0)
            {
                return alive;
            }

            if (DateTime.UtcNow > until)
            {
                Assert.Fail($"No process with marker {marker} appeared.");
            }

            await Task.Delay(50);
        }
    }
}
