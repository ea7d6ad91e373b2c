using System.Runtime.InteropServices;

namespace McpOrchestrator.LocalHost.Worker;

/// <summary>Signals a whole POSIX process group (the worker, its launcher and every child they started).</summary>
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
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SendSignal(int pid, int signal);
}
