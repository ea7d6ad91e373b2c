using System.Globalization;

namespace McpOrchestrator.Bench;

/// <summary>CPU time (user + system) used so far by a process and all its descendants, per process, from Linux
/// <c>/proc/{pid}/stat</c>. Unlike latency it does not grow with the machine's load, so it says what a path costs
/// even on a busy machine. Resolution: the kernel's clock tick (10 ms); read it over many calls.</summary>
public static class ProcessTreeCpu
{
    private const double MillisecondsPerTick = 10.0;

    /// <summary>CPU milliseconds per process of the tree under <paramref name="rootPid"/>, keyed "pid name"; empty
    /// where <c>/proc</c> is not readable.</summary>
    public static IReadOnlyDictionary<string, double> Read(int rootPid)
    {
        var stats = new Dictionary<int, (int Parent, string Name, double Ms)>();
        if (!Directory.Exists("/proc"))
        {
            return new Dictionary<string, double>();
        }

        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && Stat(pid) is { } stat)
            {
                stats[pid] = stat;
            }
        }

        var tree = new Dictionary<string, double>();
        foreach (var (pid, stat) in stats)
        {
            for (var p = pid; stats.TryGetValue(p, out var s); p = s.Parent)
            {
                if (p == rootPid)
                {
                    tree[$"{pid} {stat.Name}"] = stat.Ms;
                    break;
                }

                if (s.Parent == p)
                {
                    break;
                }
            }
        }

        return tree;
    }

    /// <summary>The CPU milliseconds each process used between two readings of the same tree (a process that started
    /// in between counts from zero).</summary>
    public static IReadOnlyDictionary<string, double> Between(IReadOnlyDictionary<string, double> before, IReadOnlyDictionary<string, double> after) =>
        after.ToDictionary(p => p.Key, p => p.Value - before.GetValueOrDefault(p.Key));

    private static (int Parent, string Name, double Ms)? Stat(int pid)
    {
        try
        {
            // pid (comm) state ppid … utime(14) stime(15): comm may hold spaces and parentheses, so split after the last ')'.
            var text = File.ReadAllText($"/proc/{pid}/stat");
            var close = text.LastIndexOf(')');
            var name = text[(text.IndexOf('(') + 1)..close];
            var fields = text[(close + 2)..].Split(' ');
            var parent = int.Parse(fields[1], CultureInfo.InvariantCulture);
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return (parent, name, ticks * MillisecondsPerTick);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }
}
