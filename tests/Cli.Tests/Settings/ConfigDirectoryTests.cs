using System.Runtime.InteropServices;
using McpOrchestrator.Cli.Settings;

namespace McpOrchestrator.Cli.Tests.Settings;

public sealed class ConfigDirectoryTests
{
    [Fact]
    public void Resolve_Linux_UsesXdgConfigHome()
    {
        var env = Env(("HOME", "/home/ana"), ("XDG_CONFIG_HOME", "/xdg"));

        Assert.Equal(Path.Combine("/xdg", "mcpo"), ConfigDirectory.Resolve(OSPlatform.Linux, env));
    }

    [Fact]
    public void Resolve_LinuxWithoutXdg_UsesDotConfigUnderHome()
    {
        Assert.Equal(Path.Combine("/home/ana", ".config", "mcpo"), ConfigDirectory.Resolve(OSPlatform.Linux, Env(("HOME", "/home/ana"))));
    }

    [Fact]
    public void Resolve_LinuxWithRelativeXdg_IgnoresIt()
    {
        Assert.Equal(Path.Combine("/home/ana", ".config", "mcpo"), ConfigDirectory.Resolve(OSPlatform.Linux, Env(("HOME", "/home/ana"), ("XDG_CONFIG_HOME", "rel"))));
    }

    [Fact]
    public void Resolve_Windows_UsesAppData()
    {
        Assert.Equal(Path.Combine(@"C:\Users\ana\AppData\Roaming", "mcpo"), ConfigDirectory.Resolve(OSPlatform.Windows, Env(("APPDATA", @"C:\Users\ana\AppData\Roaming"), ("XDG_CONFIG_HOME", "/xdg"))));
    }

    [Fact]
    public void Resolve_MacOS_UsesApplicationSupport()
    {
        Assert.Equal(Path.Combine("/Users/ana", "Library", "Application Support", "mcpo"), ConfigDirectory.Resolve(OSPlatform.OSX, Env(("HOME", "/Users/ana"), ("XDG_CONFIG_HOME", "/xdg"))));
    }

    internal static Func<string, string?> Env(params (string Name, string Value)[] values) =>
        name => values.FirstOrDefault(v => v.Name == name).Value;
}
