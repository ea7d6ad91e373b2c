using System.Collections.Concurrent;
using McpOrchestrator.LocalRuntime.Durable;
using Microsoft.Extensions.Logging;

namespace McpOrchestrator.LocalRuntime.Tests.Durable;

/// <summary>Collects the engine's "step started" and "step ended" log events of several in-process hosts in one
/// total order, so that a test can check that no instance ever had steps running on two hosts at the same time.</summary>
public sealed class StepJournal : ILoggerProvider
{
    private const int StepStartedEvent = 101;
    private const int StepEndedEvent = 102;
    private long _sequence;

    public ConcurrentQueue<StepEvent> Events { get; } = new();

    public ILogger CreateLogger(string categoryName) => categoryName == DurableLog.Category ? new Logger(this) : NullLogger.Instance;

    /// <summary>Instances whose steps overlapped on different hosts, with the hosts involved.</summary>
    public IReadOnlyList<string> Overlaps()
    {
        var open = new Dictionary<string, string>(StringComparer.Ordinal);
        var overlaps = new List<string>();
        foreach (var step in Events.OrderBy(e => e.Sequence))
        {
            if (step.Started)
            {
                if (open.TryGetValue(step.InstanceId, out var other))
                {
                    overlaps.Add($"{step.InstanceId}: {other} and {step.Host}");
                }

                open[step.InstanceId] = step.Host;
            }
            else if (open.TryGetValue(step.InstanceId, out var host) && host == step.Host)
            {
                open.Remove(step.InstanceId);
            }
        }

        return overlaps;
    }

    public void Dispose()
    {
    }

    public sealed record StepEvent(long Sequence, bool Started, string InstanceId, string Host);

    private sealed class Logger(StepJournal journal) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Id is not (StepStartedEvent or StepEndedEvent) || state is not IReadOnlyList<KeyValuePair<string, object?>> values)
            {
                return;
            }

            var fields = values.ToDictionary(v => v.Key, v => v.Value?.ToString());
            journal.Events.Enqueue(new StepEvent(
                Interlocked.Increment(ref journal._sequence), eventId.Id == StepStartedEvent, fields["InstanceId"]!, fields["Host"]!));
        }
    }

    private sealed class NullLogger : ILogger
    {
        public static readonly NullLogger Instance = new();

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => false;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
        }
    }
}
