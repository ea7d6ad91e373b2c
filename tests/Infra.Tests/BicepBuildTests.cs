using McpOrchestrator.Infra.Tests.Support;

namespace McpOrchestrator.Infra.Tests;

/// <summary>The templates compile and lint clean with the pinned Bicep CLI (rules in infra/bicepconfig.json).</summary>
public sealed class BicepBuildTests
{
    public static TheoryData<string> BicepFiles() => [.. Files()];

    private static IEnumerable<string> Files() =>
        Directory.EnumerateFiles(InfraPaths.InfraDirectory, "*.bicep", SearchOption.AllDirectories)
            .Select(file => Path.GetRelativePath(InfraPaths.InfraDirectory, file))
            .Order(StringComparer.Ordinal);

    [Fact]
    public async Task Build_MainTemplate_CompilesWithoutWarnings()
    {
        var run = await BicepCli.RunAsync(InfraPaths.InfraDirectory, "build", InfraPaths.MainTemplate, "--stdout");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.True(run.Diagnostics.Count == 0, run.ToString());
        Assert.StartsWith("{", run.StandardOutput.TrimStart(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(BicepFiles))]
    public async Task Lint_EveryBicepFile_ReportsNothing(string file)
    {
        var run = await BicepCli.RunAsync(InfraPaths.InfraDirectory, "lint", Path.Combine(InfraPaths.InfraDirectory, file));

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.True(run.Diagnostics.Count == 0, run.ToString());
    }

    [Fact]
    public void BicepFiles_IncludeTheModules()
    {
        // Guards the theory above: it must lint the modules too, not only main.bicep.
        var files = Files().ToList();

        Assert.Contains("main.bicep", files);
        Assert.Contains(files, f => f.StartsWith("modules", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Lint_TemplateWithAWarning_IsReported()
    {
        // The diagnostics parser must see a warning when there is one, or the lint test could never fail.
        var directory = Directory.CreateTempSubdirectory("mcpo-lint-");
        try
        {
            var file = Path.Combine(directory.FullName, "warn.bicep");
            await File.WriteAllTextAsync(file, "param unused string\n");
            var run = await BicepCli.RunAsync(directory.FullName, "lint", file);

            Assert.Contains(run.Diagnostics, d => d.Contains("no-unused-params", StringComparison.Ordinal));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
