using System.Runtime.InteropServices;
using McpOrchestrator.Cli.Clients;
using McpOrchestrator.Cli.Tests.Settings;
using McpOrchestrator.Core.Clients;

namespace McpOrchestrator.Cli.Tests.Clients;

public sealed class ClientFilePathsTests
{
    private static readonly ClientCatalog Catalog = new();

    [Theory]
    [InlineData("claude-code", "/home/ana/.claude.json")]
    [InlineData("cursor", "/home/ana/.cursor/mcp.json")]
    [InlineData("codex", "/home/ana/.codex/config.toml")]
    [InlineData("vscode", "/xdg/Code/User/mcp.json")]
    [InlineData("claude-desktop", "/xdg/Claude/claude_desktop_config.json")]
    [InlineData("zed", "/xdg/zed/settings.json")]
    public void Resolve_Linux_ExpandsHomeAndFollowsXdg(string clientId, string expected)
    {
        var path = ClientFilePaths.Resolve(Catalog.Get(clientId), OSPlatform.Linux, ConfigDirectoryTests.Env(("HOME", "/home/ana"), ("XDG_CONFIG_HOME", "/xdg")));

        Assert.Equal(expected, path);
    }

    [Fact]
    public void Resolve_Windows_ExpandsAppDataAndUserProfile()
    {
        var env = ConfigDirectoryTests.Env(("APPDATA", @"C:\Users\ana\AppData\Roaming"), ("USERPROFILE", @"C:\Users\ana"));

        Assert.Equal(@"C:\Users\ana\AppData\Roaming\Claude\claude_desktop_config.json", ClientFilePaths.Resolve(Catalog.Get("claude-desktop"), OSPlatform.Windows, env));
        Assert.Equal(@"C:\Users\ana\.cursor\mcp.json", ClientFilePaths.Resolve(Catalog.Get("cursor"), OSPlatform.Windows, env));
    }

    [Fact]
    public void Resolve_ClientWithoutAFile_IsNull()
    {
        Assert.Null(ClientFilePaths.Resolve(Catalog.Get("orchestrator"), OSPlatform.Linux, ConfigDirectoryTests.Env(("HOME", "/home/ana"))));
    }
}
