using System.Globalization;
using System.Runtime.InteropServices;

namespace McpOrchestrator.Core.Mcp;

/// <summary>
/// Runs a stdio server in a POSIX process group of its own, so that whatever it leaves behind can be killed with it: a
/// daemon it double-forks is re-parented to init and escapes the process tree that the SDK kills, but it stays in the
/// group. The server keeps the service's session, so a watchdog that kills the service's session (the local host's
/// does) still reaches it. When the session ends, the group is killed, and so is any process that still carries the
/// launch's variable in its environment. Linux only (processes are found in <c>/proc</c>), with <c>perl</c> as the launcher
/// (<c>setpgrp</c>, then <c>exec</c> of the command with its arguments as they are, no shell); elsewhere, or without
/// perl, a server is started as before. A process that both leaves the group (<c>setsid</c>, <c>setpgid</c>) and
/// clears its environment is not reached; only a cgroup would hold it.
/// </summary>
internal static partial class StdioProcessGroup
{
    /// <summary>Set in the launched server's environment to a value unique to the launch, so the group leader can be
    /// told apart from other children of the service.</summary>
    public const string LaunchVariable = "MCP_ORCHESTRATOR_LAUNCH";

    private const int SigKill = 9;

    private const string Script =
        "setpgrp(0, 0) or die \"mcp-orchestrator launcher: setpgrp: $!\\n\"; " +
        "exec { $ARGV[0] } @ARGV or die \"mcp-orchestrator launcher: exec $ARGV[0]: $!\\n\"";

    private static readonly Lazy<string?> Perl = new(() => OperatingSystem.IsLinux() ? FindOnPath("perl") : null);

    /// <summary>The command line that starts <paramref name="command"/> in a group of its own, or null when it
    /// cannot be done here (not Linux, no perl) or the command cannot be found: then it is started directly, and a
    /// missing command fails to spawn as it always did.</summary>
    public static (string Command, IList<string> Arguments)? Wrap(string command, IEnumerable<string> arguments)
    {
        if (Perl.Value is not { } perl || Resolve(command) is not { } path)
        {
            return null;
        }

        return (perl, ["-e", Script, "--", path, .. arguments]);
    }

    /// <summary>The pid (and so the process group id) of the child of this process whose environment holds
    /// <see cref="LaunchVariable"/>=<paramref name="launch"/>, or null when none is found.</summary>
    public static int? FindLeader(string launch)
    {
        var self = Environment.ProcessId;
        var found = Marked(launch, pid => Stat(pid)?.Parent == self);
        return found.Count > 0 ? found[0].Pid : null;
    }

    /// <summary>Kills what is left of launch <paramref name="launch"/> with SIGKILL: the group of
    /// <paramref name="leader"/>, and every process that still carries the launch's variable, with its group (a
    /// daemon whose leader already exited, or one that left the group but kept its environment). Never this
    /// process's own group.</summary>
    public static void Kill(string launch, int? leader)
    {
        var own = Stat(Environment.ProcessId)?.Group;
        var groups = new HashSet<int>();
        if (leader is > 1)
        {
            groups.Add(leader.Value);
        }

        var marked = Marked(launch);
        foreach (var (_, group) in marked)
        {
            groups.Add(group);
        }

        foreach (var group in groups.Where(g => g > 1 && g != own))
        {
            _ = SendSignal(-group, SigKill);
        }

        foreach (var (pid, _) in marked.Where(p => p.Pid != Environment.ProcessId))
        {
            _ = SendSignal(pid, SigKill);
        }
    }

    /// <summary>Parent and process group from a <c>/proc/&lt;pid&gt;/stat</c> line (fields 4 and 5). The command
    /// name before them is in parentheses and may hold spaces and parentheses itself, so fields are counted from the
    /// last ')'.</summary>
    internal static (int Parent, int Group)? ParseStat(string stat)
    {
        var end = stat.LastIndexOf(')');
        if (end < 0)
        {
            return null;
        }

        var fields = stat.AsSpan(end + 1).Trim();
        Span<Range> parts = stackalloc Range[4];
        return fields.Split(parts, ' ', StringSplitOptions.RemoveEmptyEntries) >= 3
               && int.TryParse(fields[parts[1]], NumberStyles.None, CultureInfo.InvariantCulture, out var parent)
               && int.TryParse(fields[parts[2]], NumberStyles.None, CultureInfo.InvariantCulture, out var group)
            ? (parent, group)
            : null;
    }

    private static (int Parent, int Group)? Stat(int pid)
    {
        try
        {
            return ParseStat(File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Live processes whose environment holds the launch's variable, with their process groups; only those
    /// that <paramref name="candidate"/> accepts when given (checked first: reading a process's environment costs
    /// more).</summary>
    private static List<(int Pid, int Group)> Marked(string launch, Func<int, bool>? candidate = null)
    {
        var needle = $"{LaunchVariable}={launch}\0";
        var found = new List<(int, int)>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                if ((candidate is null || candidate(pid))
                    && File.ReadAllText(Path.Combine(directory, "environ")).Contains(needle, StringComparison.Ordinal)
                    && Stat(pid) is { } stat)
                {
                    found.Add((pid, stat.Group));
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Gone meanwhile, or not ours.
            }
        }

        return found;
    }

    /// <summary>Where the OS would find <paramref name="command"/>, the way .NET's Process.Start looks on Unix: a
    /// path as it is, else next to the running executable, in the working directory, then on PATH.</summary>
    private static string? Resolve(string command)
    {
        if (command.Contains('/', StringComparison.Ordinal))
        {
            return IsExecutable(Path.GetFullPath(command)) ? Path.GetFullPath(command) : null;
        }

        foreach (var directory in new[] { Path.GetDirectoryName(Environment.ProcessPath), Directory.GetCurrentDirectory() })
        {
            if (!string.IsNullOrEmpty(directory) && Path.Combine(directory, command) is var candidate && IsExecutable(candidate))
            {
                return candidate;
            }
        }

        return FindOnPath(command);
    }

    private static string? FindOnPath(string command)
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, command);
            if (IsExecutable(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static bool IsExecutable(string path) =>
        !OperatingSystem.IsWindows()
        && File.Exists(path)
        && (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SendSignal(int pid, int signal);
}
