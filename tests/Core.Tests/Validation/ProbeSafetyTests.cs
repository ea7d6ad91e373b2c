using McpOrchestrator.Core.Drafts;
using McpOrchestrator.Core.Mcp;
using McpOrchestrator.Core.Registry;
using McpOrchestrator.Core.Tests.Drafts;
using McpOrchestrator.Core.Tests.Mcp;
using McpOrchestrator.Core.Validation;
using McpOrchestrator.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace McpOrchestrator.Core.Tests.Validation;

/// <summary>What a probe may run on the service's own host: only stdio commands an administrator registered or
/// approved, never with a loader variable from the entry's env.</summary>
public sealed class ProbeSafetyTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task ValidateDraft_ProbeOfInlineStdioAndLoaderEnv_SkipsTheInlineEntryAndDropsTheVariable()
    {
        var host = ConfigHost.OnAzurite(azurite);
        await using var mcp = McpTestHost.Create(
            new Dictionary<string, string?> { ["McpOrchestrator:Mcp:AllowedCommands"] = string.Empty },
            configure: services => services.AddSingleton<IRegisteredCommands>(new RegisteredCommands(host.Registry)));
        var validation = new ValidationService(host.Catalog, host.Drafts, host.Clock, mcp.Probe);
        var work = Directory.CreateTempSubdirectory("sec-probe-");
        try
        {
            var inlineMarker = Path.Combine(work.FullName, "inline-ran");
            var hookMarker = Path.Combine(work.FullName, "hook-ran");
            var hook = Path.Combine(work.FullName, "hook.js");
            await File.WriteAllTextAsync(hook, $"require('fs').writeFileSync({System.Text.Json.JsonSerializer.Serialize(hookMarker)}, 'x');");
            await host.Registry.PutCustomAsync("everything-local", ConfigHost.StdioRequest("node", TestServers.EverythingScript, "stdio"), None);
            await host.Drafts.AddAsync("claude-code", "default", new AddEntryRequest
            {
                ServerId = "everything-local",
                Name = "hooked",
                Env = new Dictionary<string, string> { ["NODE_OPTIONS"] = "--require " + hook },
            }, null, None);
            var file = System.Text.Json.JsonSerializer.Serialize(new
            {
                mcpServers = new Dictionary<string, object> { ["inline"] = new { command = "sh", args = new[] { "-c", $"touch '{inlineMarker}'" } } },
            });
            await host.Drafts.ImportAsync("claude-code", "default", file, ImportMode.Merge, null, None);

            var report = await validation.ValidateDraftAsync("claude-code", "default", new ValidationOptions { Probe = true }, None).WaitAsync(Deadline);

            var probes = report.Probes!.ToDictionary(p => p.Server);
            Assert.True(probes["hooked"].Ok, probes["hooked"].Error);
            Assert.True(probes["inline"].Skipped);
            Assert.Equal(McpFailureKind.CommandNotAllowed, probes["inline"].FailureKind);
            Assert.Contains("inline stdio entry", probes["inline"].Error, StringComparison.Ordinal);
            Assert.Contains(report.Warnings, w => w.Code == ValidationCodes.ProbeSkipped && w.Server == "inline");
            Assert.Contains(report.Warnings, w => w.Code == ValidationCodes.ForbiddenEnvVar && w.Server == "hooked");
            Assert.DoesNotContain(report.Errors, e => e.Server == "inline");
            Assert.False(File.Exists(inlineMarker), "the inline stdio command ran on the service's host");
            Assert.False(File.Exists(hookMarker), "NODE_OPTIONS reached the registry server's process");
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task AddToOrchestratorDraft_LoaderEnvVar_RefusedWithForbiddenEnvVar()
    {
        var host = ConfigHost.OnAzurite(azurite);
        await host.Registry.PutCustomAsync("acme", ConfigHost.StdioRequest(), None);

        var refused = await Assert.ThrowsAsync<Problems.ProblemException>(() => host.Drafts.AddAsync("orchestrator", "default", new AddEntryRequest
        {
            ServerId = "acme",
            Env = new Dictionary<string, string> { ["LD_PRELOAD"] = "/tmp/x.so" },
        }, null, None));

        Assert.Equal((400, "forbidden_env_var"), (refused.Problem.Status, refused.Problem.Code));
        Assert.Contains("LD_PRELOAD", refused.Problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PutCustom_DeclaresLoaderEnvVar_RefusedWithForbiddenEnvVar()
    {
        var host = ConfigHost.OnAzurite(azurite);
        var request = ConfigHost.StdioRequest() with { Env = new EnvRequirementsRequest { Optional = [new EnvVarSpec { Name = "NODE_OPTIONS" }] } };

        var refused = await Assert.ThrowsAsync<Problems.ProblemException>(() => host.Registry.PutCustomAsync("acme", request, None));

        Assert.Equal((400, "forbidden_env_var"), (refused.Problem.Status, refused.Problem.Code));
    }
}
