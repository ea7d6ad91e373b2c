using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace McpOrchestrator.TestSupport;

/// <summary>A child process a test starts (an MCP server over HTTP): its output is kept, a test can wait for a line,
/// and disposal kills its whole tree. Its stdin stays open, so launchers that exit at end of stdin die with the test
/// run.</summary>
public sealed class TestProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Lock _gate = new();
    private readonly StringBuilder _output = new();
    private readonly List<(Regex Pattern, TaskCompletionSource<Match> Seen)> _waiters = [];
    private int _disposed;

    private TestProcess(Process process) => _process = process;

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Output
    {
        get
        {
            lock (_gate)
            {
                return _output.ToString();
            }
        }
    }

    public static TestProcess Start(string command, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(command)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var test = new TestProcess(process);
        process.OutputDataReceived += (_, e) => test.Capture(e.Data);
        process.ErrorDataReceived += (_, e) => test.Capture(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return test;
    }

    /// <summary>The first output line (stdout or stderr) matching <paramref name="pattern"/>; fails if the process exits
    /// first or nothing matches within <paramref name="timeout"/>.</summary>
    public async Task<Match> WaitForLineAsync(string pattern, TimeSpan timeout)
    {
        var regex = new Regex(pattern);
        var seen = new TaskCompletionSource<Match>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            var existing = regex.Match(_output.ToString());
            if (existing.Success)
            {
                return existing;
            }

            _waiters.Add((regex, seen));
        }

        var exited = _process.WaitForExitAsync();
        var first = await Task.WhenAny(seen.Task, exited).WaitAsync(timeout);
        if (first == seen.Task)
        {
            return await seen.Task;
        }

        throw new InvalidOperationException($"The process exited ({_process.ExitCode}) before printing /{pattern}/. Output:\n{Output}");
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private void Capture(string? line)
    {
        if (line is null)
        {
            return;
        }

        List<(TaskCompletionSource<Match> Seen, Match Match)> matched = [];
        lock (_gate)
        {
            _output.AppendLine(line);
            foreach (var waiter in _waiters.ToList())
            {
                var match = waiter.Pattern.Match(line);
                if (match.Success)
                {
                    _waiters.Remove(waiter);
                    matched.Add((waiter.Seen, match));
                }
            }
        }

        foreach (var (seen, match) in matched)
        {
            seen.TrySetResult(match);
        }
    }
}
