using System.Diagnostics;
using McpOrchestrator.TestSupport;

namespace McpOrchestrator.LocalHost.Tests;

/// <summary>The local host running the test app from its build output, as a user starts it
/// (<c>McpOrchestrator.LocalHost --script-root &lt;output&gt; --port N</c>). Functions inside the worker report what
/// happened to them as files in <see cref="Signals"/>; <see cref="Marker"/> is in the environment of the host and so
/// of the worker and every child it starts.</summary>
internal sealed class LocalHostRun : IAsyncDisposable
{
    /// <summary>A schedule that never fires during a test (midnight on 1 January).</summary>
    public const string QuietSchedule = "0 0 0 1 1 *";

    private LocalHostRun(FunctionsAppProcess app, string signals, string marker)
    {
        App = app;
        Signals = signals;
        Marker = marker;
    }

    public const string MarkerVariable = "LOCALHOST_TEST_MARKER";

    public FunctionsAppProcess App { get; }

    public HttpClient Client => App.Client;

    public string Signals { get; }

    public string Marker { get; }

    public static string Configuration => new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    public static string HostDll => Path.Combine(RepositoryPaths.Root, "src", "LocalHost", "bin", Configuration, "net10.0", "McpOrchestrator.LocalHost.dll");

    public static string TestAppDirectory => Path.Combine(RepositoryPaths.Root, "tests", "LocalHostTestApp", "bin", Configuration, "net10.0");

    public static async Task<LocalHostRun> StartAsync(IReadOnlyDictionary<string, string>? environment = null, string? scriptRoot = null)
    {
        var signals = Directory.CreateTempSubdirectory("localhost-signals-").FullName;
        var marker = Guid.NewGuid().ToString("N");
        var variables = Environment(signals, marker, environment);
        var app = await FunctionsAppProcess.StartDllAsync(HostDll, ["--script-root", scriptRoot ?? TestAppDirectory], variables);
        return new LocalHostRun(app, signals, marker);
    }

    public static Dictionary<string, string> Environment(string signals, string marker, IReadOnlyDictionary<string, string>? extra)
    {
        var variables = new Dictionary<string, string>
        {
            ["TestTimerSchedule"] = QuietSchedule,
            ["LOCALHOST_TEST_SIGNALS"] = signals,
            [MarkerVariable] = marker,
        };
        foreach (var (name, value) in extra ?? new Dictionary<string, string>())
        {
            variables[name] = value;
        }

        return variables;
    }

    /// <summary>Completes when the function in the worker wrote the signal file <paramref name="name"/>.</summary>
    public Task<string> WaitForSignalAsync(string name, TimeSpan? timeout = null) => WaitForFileAsync(Path.Combine(Signals, name), timeout ?? TimeSpan.FromSeconds(30));

    public static async Task<string> WaitForFileAsync(string path, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (!File.Exists(path))
        {
            if (deadline.Elapsed > timeout)
            {
                throw new TimeoutException($"{path} did not appear within {timeout.TotalSeconds} s.");
            }

            await Task.Delay(50);
        }

        return await File.ReadAllTextAsync(path);
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        try
        {
            Directory.Delete(Signals, recursive: true);
        }
        catch (IOException)
        {
            // A child may still be writing; the temp folder is cleaned later.
        }
    }
}
