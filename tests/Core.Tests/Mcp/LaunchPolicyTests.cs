using McpOrchestrator.Core.Configs;
using McpOrchestrator.Core.Mcp;

namespace McpOrchestrator.Core.Tests.Mcp;

/// <summary>The service starts only stdio commands an administrator approved.</summary>
public sealed class LaunchPolicyTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task ConnectAsync_InlineStdioNotApproved_RefusedWithoutStartingIt()
    {
        await using var host = McpTestHost.Create(new Dictionary<string, string?> { ["McpOrchestrator:Mcp:AllowedCommands"] = "dotnet" });
        var marker = Path.Combine(Path.GetTempPath(), "sec-launch-" + Guid.NewGuid().ToString("N"));
        var inline = new ServerConfig { Name = "inline", Transport = Transport.Stdio, Command = "sh", Args = ["-c", $"touch '{marker}'"] };

        var refused = await Assert.ThrowsAsync<McpServerException>(() => host.Connector.ConnectAsync(inline).WaitAsync(Deadline));

        Assert.Equal(McpFailureKind.CommandNotAllowed, refused.Kind);
        Assert.Contains("McpOrchestrator__Mcp__AllowedCommands", refused.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(marker), "the inline command ran");
    }

    [Fact]
    public async Task ConnectAsync_ApprovedCommand_Runs()
    {
        await using var host = McpTestHost.Create(new Dictionary<string, string?> { ["McpOrchestrator:Mcp:AllowedCommands"] = "node" });

        await using var session = await host.Connector.ConnectAsync(TestServers.EverythingStdio(TestServers.NewMarker())).WaitAsync(Deadline);

        Assert.NotEmpty(await session.ListToolsAsync());
    }

    [Theory]
    [InlineData("./run-server")]
    [InlineData("bin/run")]
    public async Task Options_RelativeAllowedCommand_RefusedAtStart(string command)
    {
        await using var host = McpTestHost.Create(new Dictionary<string, string?> { ["McpOrchestrator:Mcp:AllowedCommands"] = "node, " + command });

        var failure = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => host.Options);

        Assert.Contains("McpOrchestrator__Mcp__AllowedCommands", failure.Message, StringComparison.Ordinal);
    }
}
