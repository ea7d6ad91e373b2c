using System.Diagnostics;
using McpOrchestrator.TestSupport;

namespace McpOrchestrator.Cli.Tests.EndToEnd;

/// <summary><c>dotnet pack</c> makes a .NET tool package that <c>dotnet tool install --add-source</c> installs into a
/// tool path, and the installed <c>mcpo</c> runs.</summary>
public sealed class PackageToolTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("mcpo-pack-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task PackInstallRun_PrintsTheVersion()
    {
        var packages = Path.Combine(_directory, "packages");
        var tools = Path.Combine(_directory, "tools");
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

        var pack = await RunAsync("dotnet", ["pack", Path.Combine(RepositoryPaths.Root, "src", "Cli"), "-c", configuration, "--no-build", "-o", packages]);
        Assert.True(pack.ExitCode == 0, pack.ToString());
        Assert.Single(Directory.GetFiles(packages, "McpOrchestrator.Cli.*.nupkg"));

        var install = await RunAsync("dotnet", ["tool", "install", "McpOrchestrator.Cli", "--tool-path", tools, "--add-source", packages, "--version", "0.1.0"]);
        Assert.True(install.ExitCode == 0, install.ToString());

        var version = await RunAsync(Path.Combine(tools, OperatingSystem.IsWindows() ? "mcpo.exe" : "mcpo"), ["--version"]);
        Assert.True(version.ExitCode == 0, version.ToString());
        Assert.Equal("0.1.0", version.Stdout.Trim());
    }

    private async Task<CliRun> RunAsync(string file, string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = _directory };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return new CliRun(process.ExitCode, await stdout, await stderr);
    }
}
