using System.Text.Json.Nodes;
using McpOrchestrator.LocalHost.Durable;
using McpOrchestrator.LocalHost.Extensions;
using McpOrchestrator.LocalHost.Hosting;

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
    public void From_NoLeaseSettings_UsesTheLocalDefaults()
    {
        var options = DurableOptions.From(Context(new JsonObject(), new Dictionary<string, string> { ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true" }));

        Assert.Equal(TimeSpan.FromSeconds(15), options.LeaseInterval);
        Assert.Equal(TimeSpan.FromSeconds(5), options.LeaseRenewInterval);
        Assert.Equal(TimeSpan.FromSeconds(1), options.LeaseAcquireInterval);
    }

    [Fact]
    public void From_LeaseSettingsInHostJson_SetThePartitionLeases()
    {
        var durable = new JsonObject
        {
            ["storageProvider"] = new JsonObject
            {
                ["leaseInterval"] = "00:00:45",
                ["leaseRenewInterval"] = "00:00:12",
                ["LeaseAcquireInterval"] = "00:00:20",
            },
        };

        var options = DurableOptions.From(Context(durable, new Dictionary<string, string> { ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true" }));

        Assert.Equal(TimeSpan.FromSeconds(45), options.LeaseInterval);
        Assert.Equal(TimeSpan.FromSeconds(12), options.LeaseRenewInterval);
        Assert.Equal(TimeSpan.FromSeconds(20), options.LeaseAcquireInterval);
    }

    [Fact]
    public void From_LeaseSettingsAsAzureFunctionsJobHostOverrides_WinOverHostJson()
    {
        var root = Directory.CreateTempSubdirectory("durable-options-");
        try
        {
            File.WriteAllText(Path.Combine(root.FullName, "host.json"),
                """{ "version": "2.0", "extensions": { "durableTask": { "storageProvider": { "leaseInterval": "00:00:30" } } } }""");
            var settings = new Dictionary<string, string>
            {
                ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
                ["AzureFunctionsJobHost__extensions__durableTask__storageProvider__leaseInterval"] = "00:00:03",
                ["AzureFunctionsJobHost__extensions__durableTask__storageProvider__leaseAcquireInterval"] = "00:00:00.500",
            };

            var hostJson = HostJson.Load(root.FullName, settings);
            var options = DurableOptions.From(new HostContext(root.FullName, hostJson.Document, settings));

            Assert.Equal(TimeSpan.FromSeconds(3), options.LeaseInterval);
            Assert.Equal(TimeSpan.FromMilliseconds(500), options.LeaseAcquireInterval);
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData(true, "00:00:01", "00:00:01", "00:00:00.500", "'leaseAcquireInterval'")]
    [InlineData(false, "00:00:05", "00:00:01", "00:00:06", "'leaseRenewInterval'")]
    public void From_LeaseNotLongerThanItsRenewal_ThrowsNamingTheSettings(bool tablePartitions, string lease, string acquire, string renew, string renewal)
    {
        var durable = new JsonObject
        {
            ["storageProvider"] = new JsonObject
            {
                ["useTablePartitionManagement"] = tablePartitions,
                ["leaseInterval"] = lease,
                ["leaseAcquireInterval"] = acquire,
                ["leaseRenewInterval"] = renew,
            },
        };

        var error = Assert.Throws<InvalidOperationException>(() => DurableOptions.From(
            Context(durable, new Dictionary<string, string> { ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true" })));

        Assert.Contains("'leaseInterval'", error.Message, StringComparison.Ordinal);
        Assert.Contains(renewal, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void From_TablePartitionLeaseShorterThanTheBlobRenewInterval_IsAccepted()
    {
        var durable = new JsonObject { ["storageProvider"] = new JsonObject { ["leaseInterval"] = "00:00:03" } };

        var options = DurableOptions.From(Context(durable, new Dictionary<string, string> { ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true" }));

        Assert.True(options.UseTablePartitionManagement);
        Assert.Equal(TimeSpan.FromSeconds(3), options.LeaseInterval);
        Assert.Equal(TimeSpan.FromSeconds(5), options.LeaseRenewInterval);
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
