using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace McpOrchestrator.TestSupport;

/// <summary>An <see cref="ILoggerProvider"/> that keeps every formatted log line (with exception text), so a test
/// can assert what was logged and, as important, what was not.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<LogLine> _lines = new();
    private readonly Lock _gate = new();
    private readonly List<(Func<LogLine, bool> Match, TaskCompletionSource<LogLine> Seen)> _waiters = [];

    public IReadOnlyList<LogLine> Lines => [.. _lines];

    public string AllText => string.Join('\n', _lines.Select(l => $"{l.Level} {l.Category}: {l.Message} {l.Exception}"));

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    /// <summary>Completes with the first line, already logged or still to come, that matches.</summary>
    public Task<LogLine> WaitForAsync(Func<LogLine, bool> match, TimeSpan? timeout = null)
    {
        var seen = new TaskCompletionSource<LogLine>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            var existing = _lines.FirstOrDefault(match);
            if (existing is not null)
            {
                return Task.FromResult(existing);
            }

            _waiters.Add((match, seen));
        }

        return seen.Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(30));
    }

    private void Add(LogLine line)
    {
        List<TaskCompletionSource<LogLine>> matched = [];
        lock (_gate)
        {
            _lines.Enqueue(line);
            foreach (var waiter in _waiters.Where(w => w.Match(line)).ToList())
            {
                _waiters.Remove(waiter);
                matched.Add(waiter.Seen);
            }
        }

        foreach (var seen in matched)
        {
            seen.TrySetResult(line);
        }
    }

    public void Dispose()
    {
    }

    public sealed record LogLine(string Category, LogLevel Level, string Message, string? Exception);

    private sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Add(new LogLine(category, logLevel, formatter(state, exception), exception?.ToString()));
    }
}
