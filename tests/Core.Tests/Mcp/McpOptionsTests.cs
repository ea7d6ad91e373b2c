using McpOrchestrator.Core.Mcp;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace McpOrchestrator.Core.Tests.Mcp;

public sealed class McpOptionsTests
{
    [Fact]
    public void Defaults_AreValid()
    {
        var options = Resolve(new Dictionary<string, string?>());

        Assert.Equal(TimeSpan.FromSeconds(30), options.CallTimeout);
        Assert.Equal(2, options.MaxRetries);
        Assert.Equal(3, options.HealthFailureThreshold);
        Assert.False(options.InheritEnvironment);
    }

    [Fact]
    public void Bind_ReadsTheMcpSection()
    {
        var options = Resolve(new Dictionary<string, string?>
        {
            ["McpOrchestrator:Mcp:CallTimeout"] = "00:00:05",
            ["McpOrchestrator:Mcp:MaxConcurrentCalls"] = "4",
            ["McpOrchestrator:Mcp:BreakerFailureRatio"] = "0.25",
        });

        Assert.Equal(TimeSpan.FromSeconds(5), options.CallTimeout);
        Assert.Equal(4, options.MaxConcurrentCalls);
        Assert.Equal(0.25, options.BreakerFailureRatio);
    }

    [Fact]
    public void Validate_BadValues_NameEachSettingAndTheFix()
    {
        var failure = Assert.Throws<OptionsValidationException>(() => Resolve(new Dictionary<string, string?>
        {
            ["McpOrchestrator:Mcp:MaxRetries"] = "-1",
            ["McpOrchestrator:Mcp:BreakerFailureRatio"] = "0",
            ["McpOrchestrator:Mcp:MaxConcurrentCalls"] = "0",
            ["McpOrchestrator:Mcp:ProbeTimeout"] = "00:00:00",
        }));

        Assert.Contains(failure.Failures, f => f.StartsWith("McpOrchestrator__Mcp__MaxRetries is -1; set it between 0", StringComparison.Ordinal));
        Assert.Contains(failure.Failures, f => f.StartsWith("McpOrchestrator__Mcp__BreakerFailureRatio is 0;", StringComparison.Ordinal));
        Assert.Contains(failure.Failures, f => f.StartsWith("McpOrchestrator__Mcp__MaxConcurrentCalls is 0; set it to at least 1", StringComparison.Ordinal));
        Assert.Contains(failure.Failures, f => f.StartsWith("McpOrchestrator__Mcp__ProbeTimeout is 00:00:00;", StringComparison.Ordinal));
        Assert.Equal(4, failure.Failures.Count());
    }

    [Fact]
    public void Validate_ProbeLimits_NameTheSettingAndTheFix()
    {
        var failure = Assert.Throws<OptionsValidationException>(() => Resolve(new Dictionary<string, string?>
        {
            ["McpOrchestrator:Mcp:MaxConcurrentProbes"] = "0",
            ["McpOrchestrator:Mcp:MaxQueuedProbes"] = "-1",
        }));

        Assert.Contains(failure.Failures, f => f.StartsWith("McpOrchestrator__Mcp__MaxConcurrentProbes is 0; set it to at least 1", StringComparison.Ordinal));
        Assert.Contains(failure.Failures, f => f.StartsWith("McpOrchestrator__Mcp__MaxQueuedProbes is -1; set it to at least 0", StringComparison.Ordinal));
        Assert.Equal(2, failure.Failures.Count());
        Assert.Equal((16, 64), (new McpOptions().MaxConcurrentProbes, new McpOptions().MaxQueuedProbes));
    }

    private static McpOptions Resolve(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var provider = new ServiceCollection().AddLogging().AddMcpConnectivity(configuration).BuildServiceProvider();
        return provider.GetRequiredService<IOptions<McpOptions>>().Value;
    }
}
