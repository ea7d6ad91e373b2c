namespace McpOrchestrator.LocalRuntime.Tests;

/// <summary>A temporary copy of the test app's folder (functions.metadata, host.json) with its own settings files.</summary>
public sealed class TestAppDirectory : IDisposable
{
    public TestAppDirectory(string? localSettings = null, string? sampleSettings = null)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "lrt-" + Guid.NewGuid().ToString("n"));
        Directory.CreateDirectory(Path);
        foreach (var file in new[] { "functions.metadata", "host.json" })
        {
            File.Copy(System.IO.Path.Combine(AppContext.BaseDirectory, file), System.IO.Path.Combine(Path, file));
        }

        if (localSettings is not null)
        {
            File.WriteAllText(System.IO.Path.Combine(Path, "local.settings.json"), localSettings);
        }

        if (sampleSettings is not null)
        {
            File.WriteAllText(System.IO.Path.Combine(Path, "local.settings.sample.json"), sampleSettings);
        }
    }

    public string Path { get; }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
