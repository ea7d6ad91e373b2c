using System.Diagnostics;
using System.Reflection;
using System.Xml.Linq;
using McpOrchestrator.TestSupport;

namespace McpOrchestrator.Infra.Tests.Support;

/// <summary>
/// The Bicep CLI from the NuGet package Azure.Bicep.CommandLine.linux-x64, which this project fetches with a
/// <c>PackageDownload</c> at restore (version pinned in Directory.Packages.props): no global install, so a clean clone
/// builds and lints the templates. NuGet does not keep the executable bit everywhere, so it is set before the first run.
/// </summary>
public static class BicepCli
{
    public const string PackageId = "Azure.Bicep.CommandLine.linux-x64";

    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(3);

    private static readonly Lazy<string> LazyPath = new(Locate);

    /// <summary>The bicep executable inside the restored package.</summary>
    public static string ExecutablePath => LazyPath.Value;

    /// <summary>Runs bicep with <paramref name="arguments"/> in <paramref name="workingDirectory"/>.</summary>
    public static async Task<BicepRun> RunAsync(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo(ExecutablePath)
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // A single-file .NET app: without ICU on the machine it needs invariant globalization. No telemetry, and no
        // reaching out for module registries or newer versions.
        start.Environment["DOTNET_SYSTEM_GLOBALIZATION_INVARIANT"] = "1";
        start.Environment["BICEP_TELEMETRY_DISABLED"] = "true";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {ExecutablePath}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(RunTimeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bicep {string.Join(' ', arguments)} did not finish within {RunTimeout}.");
        }

        return new BicepRun(string.Join(' ', arguments), process.ExitCode, await output, await errors);
    }

    private static string Locate()
    {
        if (!OperatingSystem.IsLinux() || System.Runtime.InteropServices.RuntimeInformation.OSArchitecture != System.Runtime.InteropServices.Architecture.X64)
        {
            throw new PlatformNotSupportedException($"{PackageId} holds the linux-x64 bicep executable; this machine is {System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier}.");
        }

        var version = PinnedVersion();
        var packageRoot = PackageRoots().Select(root => Path.Combine(root, PackageId.ToLowerInvariant(), version))
            .FirstOrDefault(Directory.Exists)
            ?? throw new DirectoryNotFoundException(
                $"{PackageId} {version} is not in the NuGet packages folder ({string.Join(", ", PackageRoots())}). Restore tests/Infra.Tests (dotnet restore), which downloads it.");

        var path = Path.Combine(packageRoot, "tools", "bicep");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{PackageId} {version} has no tools/bicep.", path);
        }

        var mode = File.GetUnixFileMode(path);
        const UnixFileMode execute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        if ((mode & UnixFileMode.UserExecute) == 0)
        {
            File.SetUnixFileMode(path, mode | execute);
        }

        return path;
    }

    // The one place the version is written: Directory.Packages.props.
    private static string PinnedVersion()
    {
        var props = XDocument.Load(Path.Combine(RepositoryPaths.Root, "Directory.Packages.props"));
        return props.Descendants("PackageVersion")
            .FirstOrDefault(e => string.Equals((string?)e.Attribute("Include"), PackageId, StringComparison.OrdinalIgnoreCase))
            ?.Attribute("Version")?.Value
            ?? throw new InvalidOperationException($"Directory.Packages.props has no PackageVersion for {PackageId}.");
    }

    private static IEnumerable<string> PackageRoots()
    {
        var fromBuild = typeof(BicepCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "NuGetPackageRoot")?.Value;
        var candidates = new[]
        {
            fromBuild,
            Environment.GetEnvironmentVariable("NUGET_PACKAGES"),
            Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages"),
        };
        return candidates.Where(c => !string.IsNullOrWhiteSpace(c)).Select(c => c!.TrimEnd('/')).Distinct();
    }
}
