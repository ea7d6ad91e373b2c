using System.Globalization;
using System.Runtime.InteropServices;

namespace McpOrchestrator.LocalHost.Worker;

/// <summary>Signals the worker's launcher with everything it started: its POSIX process group, and every process of
/// its session (the launcher is the leader of both, so both ids are its pid), which holds the children that the
/// worker put in process groups of their own.</summary>
internal static partial class ProcessGroup
{
    public const int SigKill = 9;

    public static void Kill(int groupId)
    {
        if (OperatingSystem.IsWindows() || groupId <= 1)
        {
            return;
        }

        _ = SendSignal(-groupId, SigKill);
        if (OperatingSystem.IsLinux() && groupId != SessionOf(Environment.ProcessId))
        {
            foreach (var pid in InSession(groupId))
            {
                _ = SendSignal(pid, SigKill);
            }
        }
    }

    /// <summary>Field 6 of <c>/proc/&lt;pid&gt;/stat</c>, counted from the last ')' since the name before it may
    /// hold spaces and parentheses.</summary>
    internal static int? SessionOf(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return fields.Length > 3 && int.TryParse(fields[3], NumberStyles.None, CultureInfo.InvariantCulture, out var session) ? session : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static List<int> InSession(int session)
    {
        var found = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && SessionOf(pid) == session)
            {
                found.Add(pid);
            }
        }

        return found;
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SendSignal(int pid, int signal);
}
