using McpOrchestrator.LocalRuntime.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace McpOrchestrator.LocalRuntime.Tests;

[Collection(EnvironmentCollection.Name)]
public sealed class SettingsTests
{
    [Fact]
    public async Task LocalSettingsValues_AreConfiguration_AndEnvironmentVariablesWin()
    {
        var id = Guid.NewGuid().ToString("n");
        using var app = new TestAppDirectory(localSettings: $$"""
            {
              "IsEncrypted": false,
              "Values": {
                "Both_{{id}}": "from-file",
                "FileOnly_{{id}}": "file",
                "Section_{{id}}__Key": "nested",
                "Flag_{{id}}": true
              }
            }
            """);
        Environment.SetEnvironmentVariable($"Both_{id}", "from-environment");
        try
        {
            await using var runtime = await RuntimeHost.StartAsync(appDirectory: app.Path);
            var configuration = runtime.Services.GetRequiredService<IConfiguration>();

            Assert.Equal("from-environment", configuration[$"Both_{id}"]);
            Assert.Equal("file", configuration[$"FileOnly_{id}"]);
            Assert.Equal("nested", configuration[$"Section_{id}:Key"]);
            Assert.Equal("true", configuration[$"Flag_{id}"]);
        }
        finally
        {
            Environment.SetEnvironmentVariable($"Both_{id}", null);
        }
    }

    [Fact]
    public async Task WithoutLocalSettings_TheSampleSuppliesDefaults()
    {
        var id = Guid.NewGuid().ToString("n");
        using var app = new TestAppDirectory(sampleSettings: $$"""{ "Values": { "Sample_{{id}}": "sample" } }""");

        await using var runtime = await RuntimeHost.StartAsync(appDirectory: app.Path);

        Assert.Equal("sample", runtime.Services.GetRequiredService<IConfiguration>()[$"Sample_{id}"]);
    }

    [Fact]
    public async Task MalformedLocalSettings_FailsStartWithTheFileName()
    {
        using var app = new TestAppDirectory(localSettings: "{ \"Values\": ");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => RuntimeHost.StartAsync(appDirectory: app.Path));

        Assert.Contains("local.settings.json", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "--port", "7072" }, 7072)]
    [InlineData(new[] { "--port=8080" }, 8080)]
    [InlineData(new[] { "--other", "x" }, null)]
    public void PortOption_IsReadLikeFuncStart(string[] args, int? expected) =>
        Assert.Equal(expected, CommandLine.ReadPort(args));

    [Theory]
    [InlineData("--port", "seventy")]
    [InlineData("--port", "70000")]
    public void PortOption_Invalid_SaysWhatItNeeds(string option, string value)
    {
        var error = Assert.Throws<ArgumentException>(() => CommandLine.ReadPort([option, value]));

        Assert.Contains("between 0 and 65535", error.Message, StringComparison.Ordinal);
    }
}
