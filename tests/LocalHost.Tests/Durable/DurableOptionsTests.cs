using System.Text.Json.Nodes;
using McpOrchestrator.LocalHost.Durable;
using McpOrchestrator.LocalHost.Extensions;

namespace McpOrchestrator.LocalHost.Tests.Durable;

public sealed class DurableOptionsTests
{
    [Fact]
    public void From_NoDurableSection_UsesTheRealExtensionsDefaultsAndLocalEngineSettings()
    {
        var options = DurableOptions.From(Context(new JsonObject(), new Dictionary<string, string> { ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true" }));

        Assert.Equal("TestHubName", options.HubName);
        Assert.Equal("AzureWebJobsStorage", options.ConnectionName);
        Assert.Equal(1, options.PartitionCount);
        Assert.Equal(TimeSpan.FromMilliseconds(100), options.MaxQueuePollingInterval);
        Assert.Equal(TimeSpan.FromSeconds(1), options.LeaseAcquireInterval);
    }

    [Fact]
    public void From_HostJsonSettings_OverrideTheDefaults()
    {
        var durable = new JsonObject
        {
            ["hubName"] = "%HUB%",
            ["maxConcurrentActivityFunctions"] = 3,
            ["maxConcurrentOrchestratorFunctions"] = "4",
            ["storageProvider"] = new JsonObject
            {
                ["connectionName"] = "MyStorage",
                ["partitionCount"] = 2,
                ["maxQueuePollingInterval"] = "00:00:02",
                ["workItemQueueVisibilityTimeout"] = "00:01:00",
            },
        };

        var options = DurableOptions.From(Context(durable, new Dictionary<string, string> { ["HUB"] = "PipelineHub", ["MyStorage"] = "UseDevelopmentStorage=true" }));

        Assert.Equal("PipelineHub", options.HubName);
        Assert.Equal("MyStorage", options.ConnectionName);
        Assert.Equal(3, options.MaxConcurrentActivities);
        Assert.Equal(4, options.MaxConcurrentOrchestrations);
        Assert.Equal(2, options.PartitionCount);
        Assert.Equal(TimeSpan.FromSeconds(2), options.MaxQueuePollingInterval);
        Assert.Equal(TimeSpan.FromMinutes(1), options.WorkItemQueueVisibilityTimeout);
    }

    [Fact]
    public void From_SiteNameButNoHubName_UsesTheSanitizedSiteName()
    {
        var options = DurableOptions.From(Context(new JsonObject(), new Dictionary<string, string>
        {
            ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
            ["WEBSITE_SITE_NAME"] = "mcp-orchestrator-dev",
        }));

        Assert.Equal("mcporchestratordev", options.HubName);
    }

    [Theory]
    [InlineData("my-hub")]
    [InlineData("1hub")]
    [InlineData("ab")]
    public void From_InvalidHubName_ThrowsNamingTheSetting(string hubName)
    {
        var error = Assert.Throws<InvalidOperationException>(() => DurableOptions.From(
            Context(new JsonObject { ["hubName"] = hubName }, new Dictionary<string, string> { ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true" })));

        Assert.Contains("extensions.durableTask.hubName", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void From_NoStorageConnection_ThrowsNamingTheSettingAndTheFix()
    {
        var error = Assert.Throws<InvalidOperationException>(() => DurableOptions.From(Context(new JsonObject(), new Dictionary<string, string>())));

        Assert.Contains("'AzureWebJobsStorage'", error.Message, StringComparison.Ordinal);
        Assert.Contains("UseDevelopmentStorage=true", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void From_BadTimeSpan_ThrowsNamingTheSetting()
    {
        var durable = new JsonObject { ["storageProvider"] = new JsonObject { ["maxQueuePollingInterval"] = "soon" } };

        var error = Assert.Throws<InvalidOperationException>(() => DurableOptions.From(
            Context(durable, new Dictionary<string, string> { ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true" })));

        Assert.Contains("maxQueuePollingInterval", error.Message, StringComparison.Ordinal);
    }

    private static HostContext Context(JsonObject durable, Dictionary<string, string> settings) =>
        new(Path.GetTempPath(), new JsonObject { ["extensions"] = new JsonObject { ["durableTask"] = durable } }, settings);
}
