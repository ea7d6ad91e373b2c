using System.Globalization;

namespace McpOrchestrator.TestSupport;

/// <summary>Finds live processes by a variable a test put in their environment (Linux <c>/proc</c>): a leaked stdio
/// server, or one of its children, still carries it. Zombies have no readable environment and do not count.</summary>
public static class MarkedProcesses
{
    public static IReadOnlyList<int> With(string variable, string value)
    {
        var needle = $"{variable}={value}\0";
        var found = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                if (File.ReadAllText(Path.Combine(directory, "environ")).Contains(needle, StringComparison.Ordinal))
                {
                    found.Add(pid);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Gone meanwhile, or not ours.
            }
        }

        return found;
    }
}
