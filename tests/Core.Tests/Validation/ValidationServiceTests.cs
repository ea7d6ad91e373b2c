using McpOrchestrator.Core.Configs;
using McpOrchestrator.Core.Drafts;
using McpOrchestrator.Core.Mcp;
using McpOrchestrator.Core.Problems;
using McpOrchestrator.Core.Tests.Drafts;
using McpOrchestrator.Core.Validation;
using McpOrchestrator.TestSupport;

namespace McpOrchestrator.Core.Tests.Validation;

/// <summary>Validation of persisted drafts: rendering checks and the probe seam.</summary>
public sealed class ValidationServiceTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task ValidateDraft_ReportsAndCarriesTheDraftsETag()
    {
        var host = ConfigHost.OnAzurite(azurite);
        var added = await host.Drafts.AddAsync("claude-code", "default", new AddEntryRequest
        {
            ServerId = "brave-search",
            Env = new Dictionary<string, string> { ["BRAVE_API_KEY"] = "BSAabcdefghijklmnop0123456789XYZ" },
        }, null, None);

        var report = await host.Validation.ValidateDraftAsync("claude-code", "default", null, None);

        Assert.True(report.Valid);
        Assert.Equal(("claude-code", "default", added.ETag, 1, ConfigHost.Start), (report.ClientId, report.ProfileId, report.ETag, report.ServerCount, report.ValidatedAt));
        Assert.Equal("literal_secret", Assert.Single(report.Warnings).Code);
    }

    [Fact]
    public async Task ValidateDraft_Empty_IsInvalid()
    {
        var host = ConfigHost.OnAzurite(azurite);

        var report = await host.Validation.ValidateDraftAsync("cursor", "default", new ValidationOptions(), None);

        Assert.False(report.Valid);
        Assert.Equal("empty_config", Assert.Single(report.Errors).Code);
    }

    [Fact]
    public async Task ValidateDraft_UnknownClientOrProfile_404()
    {
        var host = ConfigHost.OnAzurite(azurite);

        Assert.Equal("client_not_found", (await Assert.ThrowsAsync<ProblemException>(() => host.Validation.ValidateDraftAsync("nope", "default", null, None))).Problem.Code);
        Assert.Equal("profile_not_found", (await Assert.ThrowsAsync<ProblemException>(() => host.Validation.ValidateDraftAsync("cursor", "dev", null, None))).Problem.Code);
    }

    [Fact]
    public async Task ValidateServers_AFormatThatCannotHoldAServer_IsAnErrorWithTheFormatsCode()
    {
        var host = ConfigHost.OnAzurite(azurite);
        var sse = new ServerConfig { Name = "events", Transport = Transport.Sse, Url = "https://a.example.com/sse", Headers = new Dictionary<string, string> { ["X-Key"] = "${secret:K}" } };

        var report = await host.Validation.ValidateServersAsync("goose", [sse], null, None);

        Assert.False(report.Valid);
        Assert.Equal(("headers_not_supported", "events"), (report.Errors.Single().Code, report.Errors.Single().Server));
    }

    [Fact]
    public async Task ValidateServers_UnknownClient_IsAWarning()
    {
        var host = ConfigHost.OnAzurite(azurite);

        var report = await host.Validation.ValidateServersAsync("future-client", [new ServerConfig { Name = "x", Transport = Transport.Stdio, Command = "x" }], null, None);

        Assert.True(report.Valid);
        Assert.Equal("unknown_client", report.Warnings.Single().Code);
    }

    [Fact]
    public async Task Probe_WithoutAProber_SaysSo_AsAWarning()
    {
        var host = ConfigHost.OnAzurite(azurite);
        await host.Drafts.AddAsync("claude-code", "default", new AddEntryRequest { ServerId = "memory" }, null, None);

        var report = await host.Validation.ValidateDraftAsync("claude-code", "default", new ValidationOptions { Probe = true }, None);

        Assert.True(report.Valid);
        Assert.Equal("validation_error", report.Warnings.Single().Code);
        Assert.Null(report.Probes);
    }

    [Fact]
    public async Task Probe_ResultsAreReported_FailuresAreErrors_AndToolLimitsChecked()
    {
        var probe = new FakeProbe();
        var host = ConfigHost.OnAzurite(azurite, probe: probe);
        foreach (var id in new[] { "memory", "time", "everything" })
        {
            await host.Drafts.AddAsync("cursor", "default", new AddEntryRequest { ServerId = id }, null, None);
        }

        var report = await host.Validation.ValidateDraftAsync("cursor", "default", new ValidationOptions { Probe = true }, None);

        Assert.Equal(["everything", "memory", "time"], report.Probes!.Select(p => p.Server));
        Assert.Equal(["probe_failed", "validation_error"], report.Errors.Select(e => e.Code));
        Assert.Equal(("everything", "time"), (report.Errors[0].Server, report.Errors[1].Server));
        var tooMany = report.Warnings.Single(w => w.Code == "too_many_tools");
        Assert.Equal((40, 45), (tooMany.Limit, tooMany.Actual));
    }

    private sealed class FakeProbe : IServerProbe
    {
        public Task<ProbeResult> ProbeAsync(ServerConfig server, CancellationToken cancellationToken) => server.Name switch
        {
            "everything" => Task.FromResult(new ProbeResult { Server = server.Name, Ok = false, Error = "exited with code 1" }),
            "time" => throw new InvalidOperationException("prober broke"),
            _ => Task.FromResult(new ProbeResult { Server = server.Name, Ok = true, ToolCount = 45, ToolNames = [.. Enumerable.Range(0, 45).Select(i => $"t{i}")] }),
        };
    }
}
