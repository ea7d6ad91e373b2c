using System.Globalization;

namespace McpOrchestrator.Bench;

/// <summary>The one-minute load average before and after a run, where the OS reports it (Linux), so that a reader
/// can tell how busy the shared machine was.</summary>
public sealed record MachineLoad(double? Before, double? After)
{
    /// <summary>The current one-minute load average from <c>/proc/loadavg</c>; null where there is none.</summary>
    public static double? ReadOneMinute()
    {
        try
        {
            var first = File.ReadAllText("/proc/loadavg").Split(' ', 2)[0];
            return double.TryParse(first, NumberStyles.Float, CultureInfo.InvariantCulture, out var load) ? load : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
