namespace Microsoft.Azure.Functions.Worker;

/// <summary>Timer schedule bookkeeping, in UTC.</summary>
public class ScheduleStatus
{
    public DateTime Last { get; set; }

    public DateTime Next { get; set; }

    public DateTime LastUpdated { get; set; }
}
