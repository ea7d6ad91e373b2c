using System.Text.Json;
using McpOrchestrator.LocalRuntime.Durable;
using Microsoft.Extensions.Configuration;

namespace McpOrchestrator.LocalRuntime.Tests.Durable;

public sealed class DurableTaskHubOptionsTests
{
    [Fact]
    public void WithoutSection_TheExtensionsDefaultsApply()
    {
        var options = DurableTaskHubOptions.From(null, Configuration());

        Assert.Equal("TestHubName", options.HubName);
        Assert.Equal("AzureWebJobsStorage", options.ConnectionName);
        Assert.Equal(10 * Environment.ProcessorCount, options.MaxConcurrentActivityFunctions);
        Assert.Equal(10 * Environment.ProcessorCount, options.MaxConcurrentOrchestratorFunctions);
        Assert.Equal(TimeSpan.FromMinutes(5), options.OrchestrationLease);
        Assert.Equal(TimeSpan.FromSeconds(30), options.MaxPollingInterval);
    }

    [Fact]
    public void HostJsonValues_AreHonoured_AndAppSettingsOverrideThem()
    {
        var section = Section("""
            {
              "hubName": "%HubSetting%",
              "maxConcurrentActivityFunctions": 3,
              "MaxConcurrentOrchestratorFunctions": 2,
              "storageProvider": { "connectionName": "Durable", "controlQueueVisibilityTimeout": "00:00:20", "workItemQueueVisibilityTimeout": "00:01:00" }
            }
            """);
        var configuration = Configuration(
            ("HubSetting", "FromSetting"),
            ("AzureFunctionsJobHost:extensions:durableTask:storageProvider:workItemQueueVisibilityTimeout", "00:00:07"));

        var options = DurableTaskHubOptions.From(section, configuration);

        Assert.Equal("FromSetting", options.HubName);
        Assert.Equal(3, options.MaxConcurrentActivityFunctions);
        Assert.Equal(2, options.MaxConcurrentOrchestratorFunctions);
        Assert.Equal("Durable", options.ConnectionName);
        Assert.Equal(TimeSpan.FromSeconds(20), options.OrchestrationLease);
        Assert.Equal(TimeSpan.FromSeconds(7), options.ActivityLease);
    }

    [Theory]
    [InlineData("""{ "hubName": "my-hub" }""", "hubName 'my-hub'")]
    [InlineData("""{ "maxConcurrentActivityFunctions": 0 }""", "maxConcurrentActivityFunctions")]
    [InlineData("""{ "storageProvider": { "type": "mssql" } }""", "storageProvider.type")]
    [InlineData("""{ "storageProvider": { "controlQueueVisibilityTimeout": "soon" } }""", "controlQueueVisibilityTimeout")]
    public void InvalidSettings_FailWithTheSettingsName(string json, string named)
    {
        var error = Assert.Throws<InvalidOperationException>(() => DurableTaskHubOptions.From(Section(json), Configuration()));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    private static JsonElement Section(string json) => JsonDocument.Parse(json).RootElement.Clone();

    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();
}
