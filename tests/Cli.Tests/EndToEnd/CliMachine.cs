using System.Diagnostics;
using McpOrchestrator.TestSupport;

namespace McpOrchestrator.Cli.Tests.EndToEnd;

/// <summary>A developer's machine in a temp directory: HOME, XDG_CONFIG_HOME, APPDATA and USERPROFILE point into
/// it, and <c>RunAsync</c> runs the built <c>mcpo</c> (src/Cli's build output) there as a process, with no
/// terminal (stdin and stdout are pipes).</summary>
public sealed class CliMachine : IDisposable
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(3);

    public CliMachine()
    {
        Home = Directory.CreateTempSubdirectory("mcpo-home-").FullName;
        ConfigHome = Path.Combine(Home, ".config");
        AppData = Path.Combine(Home, "AppData", "Roaming");
        Directory.CreateDirectory(ConfigHome);
        Directory.CreateDirectory(AppData);
    }

    public string Home { get; }

    public string ConfigHome { get; }

    public string AppData { get; }

    /// <summary>mcpo's own directory on this (Linux or macOS) machine.</summary>
    public string StateDirectory => OperatingSystem.IsMacOS()
        ? Path.Combine(Home, "Library", "Application Support", "mcpo")
        : OperatingSystem.IsWindows() ? Path.Combine(AppData, "mcpo") : Path.Combine(ConfigHome, "mcpo");

    public static string CliDll => Path.Combine(FunctionsAppProcess.BuildOutput("src/Cli", "mcpo.dll"), "mcpo.dll");

    public void Dispose() => Directory.Delete(Home, recursive: true);

    public async Task<CliRun> RunAsync(IEnumerable<string> arguments, string? stdin = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Home,
        };
        start.ArgumentList.Add(CliDll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Remove("MCPO_URL");
        start.Environment.Remove("MCPO_TOKEN");
        start.Environment["HOME"] = Home;
        start.Environment["USERPROFILE"] = Home;
        start.Environment["XDG_CONFIG_HOME"] = ConfigHome;
        start.Environment["APPDATA"] = AppData;
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start mcpo.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(RunTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"mcpo {string.Join(' ', arguments)} did not exit within {RunTimeout.TotalMinutes} minutes:\n{await stdout}\n{await stderr}");
        }

        return new CliRun(process.ExitCode, await stdout, await stderr);
    }

    public Task<CliRun> RunAsync(params string[] arguments) => RunAsync(arguments, null, null);

    /// <summary>A path under the home directory, its folders created.</summary>
    public string File(string relative)
    {
        var path = Path.Combine(Home, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return path;
    }
}
