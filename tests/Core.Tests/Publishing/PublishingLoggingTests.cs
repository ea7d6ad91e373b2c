using McpOrchestrator.TestSupport;
using Microsoft.Extensions.Logging;

namespace McpOrchestrator.Core.Tests.Publishing;

/// <summary>Publish and deploy with every log line captured (storage client included): the events are there with
/// ids and versions; payload values (which may hold literal secrets) and signatures are not.</summary>
public sealed class PublishingLoggingTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string LiteralSecret = "ghp_Zq8rT1vY3wX5nB7mK9pL2sD4fG6hJ0aQ1cE3";

    [Fact]
    public async Task PublishReplayDeploy_LogTheEvents_ButNoPayloadValueOrSignature()
    {
        using var logs = new CapturedLogs();
        using var loggers = LoggerFactory.Create(builder => builder.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        var host = await PublishingHost.StartAsync(azurite, new ManualTimeProvider(PublishingHost.Start), loggers);
        var payload = PublishingHost.Json($$$"""{"servers":[{"name":"github","command":"npx","env":{"GITHUB_TOKEN":"{{{LiteralSecret}}}"}}]}""");

        var v1 = await host.PublishAsync(payload, idempotencyKey: "pipeline-abc", changelog: "add github");
        await host.PublishAsync(payload, idempotencyKey: "pipeline-abc", changelog: "add github");
        var deployment = await host.DeployAsync(idempotencyKey: "pipeline-abc");
        await host.DeployAsync(idempotencyKey: "pipeline-abc");

        var text = logs.AllText;
        Assert.Contains($"Published claude-desktop/default version 1 ({v1.ArtifactId}, ", text, StringComparison.Ordinal);
        Assert.Contains($"signed by key {v1.Kid}, by tok_00000000000000ab", text, StringComparison.Ordinal);
        Assert.Contains("Publish of claude-desktop/default with idempotency key pipeline-abc was already done: version 1", text, StringComparison.Ordinal);
        Assert.Contains($"Deployed claude-desktop/default version 1 ({deployment.ArtifactId}) as deployment 1", text, StringComparison.Ordinal);
        Assert.Contains("Deploy of claude-desktop/default with idempotency key pipeline-abc was already done: deployment 1", text, StringComparison.Ordinal);
        Assert.DoesNotContain(LiteralSecret[4..20], text, StringComparison.Ordinal);
        Assert.DoesNotContain(v1.Signature.Split('.')[2][..20], text, StringComparison.Ordinal);
        Assert.DoesNotContain("GITHUB_TOKEN", text, StringComparison.Ordinal);
    }
}
