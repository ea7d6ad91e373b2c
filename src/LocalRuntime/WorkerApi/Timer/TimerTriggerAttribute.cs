using Microsoft.Azure.Functions.Worker.Extensions.Abstractions;

namespace Microsoft.Azure.Functions.Worker;

/// <summary>Timer trigger on a 6-field NCRONTAB schedule (<c>{second} {minute} {hour} {day} {month} {day-of-week}</c>),
/// or a <c>%Setting%</c> naming an app setting that holds one.</summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class TimerTriggerAttribute : TriggerBindingAttribute
{
    public TimerTriggerAttribute(string schedule)
    {
        Schedule = schedule;
        UseMonitor = true;
    }

    public string Schedule { get; private set; }

    public bool UseMonitor { get; set; }

    public bool RunOnStartup { get; set; }
}
