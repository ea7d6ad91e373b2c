using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Azure.Functions.Worker;

namespace McpOrchestrator.DurableTestApp;

/// <summary>The activities the orchestrators call.</summary>
public static class Activities
{
    private static readonly ConcurrentDictionary<string, int> FlakyRuns = new(StringComparer.Ordinal);

    [Function(nameof(Square))]
    public static int Square([ActivityTrigger] int n) => n * n;

    [Function(nameof(UtcNow))]
    public static DateTime UtcNow([ActivityTrigger] FunctionContext context) => DateTime.UtcNow;

    [Function(nameof(Flaky))]
    public static string Flaky([ActivityTrigger] FlakyInput input)
    {
        var run = FlakyRuns.AddOrUpdate(input.InstanceId, 1, (_, count) => count + 1);
        return run <= input.Failures
            ? throw new TimeoutException($"run {run.ToString(CultureInfo.InvariantCulture)} fails on purpose")
            : $"succeeded on run {run.ToString(CultureInfo.InvariantCulture)}";
    }

    /// <summary>Appends "start"/"done" lines with its step and process id to the journal (the file named by the
    /// JOURNAL_FILE setting). Step 2 does not finish until the RELEASE_FILE exists, so a test can kill the host
    /// while it runs.</summary>
    [Function(nameof(JournaledStep))]
    public static async Task<int> JournaledStep([ActivityTrigger] StepInput input, FunctionContext context)
    {
        var journal = Environment.GetEnvironmentVariable("JOURNAL_FILE") ?? throw new InvalidOperationException("JOURNAL_FILE is not set.");
        Append(journal, "start", input);
        if (input.Step == 2)
        {
            var release = Environment.GetEnvironmentVariable("RELEASE_FILE") ?? throw new InvalidOperationException("RELEASE_FILE is not set.");
            while (!File.Exists(release))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), context.CancellationToken);
            }
        }

        Append(journal, "done", input);
        return input.Step;
    }

    private static void Append(string journal, string what, StepInput input)
    {
        var line = string.Create(CultureInfo.InvariantCulture, $"{what} {input.InstanceId} {input.Step} {Environment.ProcessId}\n");
        lock (FlakyRuns)
        {
            File.AppendAllText(journal, line);
        }
    }
}
