namespace Microsoft.Azure.Functions.Worker;

/// <summary>What a timer function is told about its invocation.</summary>
public class TimerInfo
{
    /// <summary>The schedule's last, next and last-updated times; null when the trigger does not use the monitor.</summary>
    public ScheduleStatus? ScheduleStatus { get; set; }

    /// <summary>True when this invocation runs later than its scheduled occurrence (at least one occurrence was missed).</summary>
    public bool IsPastDue { get; set; }
}
