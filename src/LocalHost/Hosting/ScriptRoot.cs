using System.Diagnostics;
using System.Text.Json;

namespace McpOrchestrator.LocalHost.Hosting;

/// <summary>Where the app to run lives. <see cref="AppDirectory"/> is a Worker.Sdk build output (functions.metadata,
/// worker.config.json); <see cref="SettingsDirectory"/> is where local.settings.json is read: the project folder when
/// the host was pointed at one (as <c>func start</c> run in it), else the build output itself.</summary>
public sealed record ScriptRoot(string AppDirectory, string SettingsDirectory, string WorkerExecutable, string WorkerPath)
{
    public const string MetadataFileName = "functions.metadata";
    public const string WorkerConfigFileName = "worker.config.json";

    /// <summary>Finds the app in <paramref name="directory"/>: a build output as is, or a folder holding one project,
    /// which is built (unless <paramref name="noBuild"/>) and whose output folder MSBuild names.</summary>
    public static async Task<ScriptRoot> ResolveAsync(string directory, bool noBuild, TextWriter progress, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(directory))
        {
            throw new HostStartupException($"The script root '{directory}' does not exist: pass --script-root <app build output or project folder>.");
        }

        if (IsAppOutput(directory))
        {
            return FromOutput(directory, directory);
        }

        var projects = Directory.GetFiles(directory, "*.csproj");
        if (projects.Length != 1)
        {
            throw new HostStartupException(projects.Length == 0
                ? $"'{directory}' holds neither {MetadataFileName} + {WorkerConfigFileName} (a Functions app's build output) nor a .csproj: pass --script-root <app build output or project folder>."
                : $"'{directory}' holds {projects.Length} projects: pass --script-root with the folder of one of them or its build output.");
        }

        var project = projects[0];
        if (!noBuild)
        {
            await progress.WriteLineAsync($"Building {Path.GetFileName(project)}...");
            var (code, output) = await RunDotnetAsync(["build", project, "-nologo", "-v", "q"], directory, cancellationToken);
            if (code != 0)
            {
                var firstError = output.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Contains(": error ", StringComparison.Ordinal)) ?? $"exit code {code}";
                throw new HostStartupException($"dotnet build of {Path.GetFileName(project)} failed: {firstError}. Fix the build (or pass --no-build with an existing build).");
            }
        }

        var (getCode, targetDir) = await RunDotnetAsync(["msbuild", project, "-nologo", "-getProperty:TargetDir"], directory, cancellationToken);
        var outputDirectory = targetDir.Trim();
        if (getCode != 0 || outputDirectory.Length == 0)
        {
            throw new HostStartupException($"MSBuild did not name the output folder of {Path.GetFileName(project)} ({outputDirectory}): check that the project restores.");
        }

        if (!IsAppOutput(outputDirectory))
        {
            throw new HostStartupException(noBuild
                ? $"{outputDirectory} holds no {MetadataFileName}: build the project first, or drop --no-build."
                : $"{outputDirectory} holds no {MetadataFileName} after the build: is {Path.GetFileName(project)} a Functions app built with Microsoft.Azure.Functions.Worker.Sdk?");
        }

        return FromOutput(outputDirectory, directory);
    }

    private static bool IsAppOutput(string directory) =>
        File.Exists(Path.Combine(directory, MetadataFileName)) && File.Exists(Path.Combine(directory, WorkerConfigFileName));

    private static ScriptRoot FromOutput(string output, string settingsDirectory)
    {
        var config = Path.Combine(output, WorkerConfigFileName);
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(config));
            var description = document.RootElement.GetProperty("description");
            var executable = description.TryGetProperty("defaultExecutablePath", out var e) ? e.GetString() : null;
            var workerPath = description.TryGetProperty("defaultWorkerPath", out var w) ? w.GetString() : null;
            if (string.IsNullOrEmpty(workerPath))
            {
                throw new HostStartupException($"{config} names no description.defaultWorkerPath: rebuild the app with Microsoft.Azure.Functions.Worker.Sdk.");
            }

            var fullWorkerPath = Path.GetFullPath(Path.Combine(output, workerPath));
            if (!File.Exists(fullWorkerPath))
            {
                throw new HostStartupException($"The worker '{fullWorkerPath}' named in {config} does not exist: rebuild the app.");
            }

            return new ScriptRoot(Path.GetFullPath(output), Path.GetFullPath(settingsDirectory), string.IsNullOrEmpty(executable) ? "dotnet" : executable, fullWorkerPath);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new HostStartupException($"{config} is not a worker configuration ({ex.Message}): rebuild the app.", ex);
        }
    }

    private static async Task<(int Code, string Output)> RunDotnetAsync(IEnumerable<string> arguments, string directory, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = directory, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new HostStartupException("Could not start 'dotnet': install the .NET SDK named in global.json.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, await stdout + await stderr);
    }
}
