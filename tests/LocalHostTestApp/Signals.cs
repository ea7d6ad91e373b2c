namespace McpOrchestrator.LocalHostTestApp;

/// <summary>Files the functions write so that tests, in another process, see what happened inside the worker
/// (a cancellation, a timer's status). The folder comes from LOCALHOST_TEST_SIGNALS.</summary>
internal static class Signals
{
    public static void Write(string name, string content)
    {
        var directory = Environment.GetEnvironmentVariable("LOCALHOST_TEST_SIGNALS");
        if (string.IsNullOrEmpty(directory))
        {
            return;
        }

        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, name + ".tmp");
        File.WriteAllText(temporary, content);
        File.Move(temporary, Path.Combine(directory, name), overwrite: true);
    }
}
