using McpOrchestrator.Core.Live;

namespace McpOrchestrator.Core.Tests.Live;

public sealed class LiveOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_AreValid_WithATwoMinuteBatchDeadlineAndFourBatchesPerCredential()
    {
        var options = new LiveOptions();

        Assert.True(new LiveOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal((TimeSpan.FromMinutes(2), 4), (options.BatchTimeout, options.MaxConcurrentBatches));
    }

    [Fact]
    public void Validate_BadBatchLimits_NameTheSettingAndTheFix()
    {
        var result = new LiveOptionsValidator().Validate(null, new LiveOptions { BatchTimeout = TimeSpan.Zero, MaxConcurrentBatches = 0 });

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.StartsWith("McpOrchestrator__Live__BatchTimeout is 00:00:00; set it between 00:00:01 and 01:00:00", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("McpOrchestrator__Live__MaxConcurrentBatches is 0; set it between 1 and 1000", StringComparison.Ordinal));
        Assert.Equal(2, result.Failures!.Count());
    }
}
