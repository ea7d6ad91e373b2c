using McpOrchestrator.Cli.Settings;

namespace McpOrchestrator.Cli.Tests.Settings;

public sealed class CliStateTests : IDisposable
{
    private readonly string _directory = Path.Combine(Directory.CreateTempSubdirectory("mcpo-state-").FullName, "mcpo");

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_directory)!, recursive: true);

    [Fact]
    public void WriteLogin_File_IsMode0600AndReadsBack()
    {
        var state = new CliState(_directory);

        state.WriteLogin(new LoginSettings { Url = "http://127.0.0.1:7071", Token = "mcpo_secret" });

        Assert.Equal(new LoginSettings { Url = "http://127.0.0.1:7071", Token = "mcpo_secret" }, state.ReadLogin());
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(state.LoginPath));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(_directory));
        }
    }

    [Fact]
    public void WriteLogin_OverAWorldReadableFile_LeavesIt0600()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        Directory.CreateDirectory(_directory);
        var state = new CliState(_directory);
        File.WriteAllText(state.LoginPath, "{}");
        File.SetUnixFileMode(state.LoginPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);

        state.WriteLogin(new LoginSettings { Url = "http://x", Token = "t" });

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(state.LoginPath));
    }

    [Fact]
    public void Pins_AreKeptPerService()
    {
        var state = new CliState(_directory);
        var pin = new KeyPin { Kid = "k1", Kty = "EC", Crv = "P-256", X = "x", Y = "y", PinnedAt = DateTimeOffset.UnixEpoch };

        state.WritePin("http://127.0.0.1:7071/", pin);

        Assert.Equal(pin, state.ReadPin("HTTP://127.0.0.1:7071"));
        Assert.Null(state.ReadPin("http://127.0.0.1:7072"));
    }

    [Fact]
    public void RecordApplied_ReplacesTheRecordOfTheSameFile()
    {
        var state = new CliState(_directory);
        AppliedArtifact Record(int version) => new()
        {
            ClientId = "cursor", Path = "/tmp/x/mcp.json", Url = "http://s", ProfileId = "default", Version = version,
            ArtifactId = "sha256:" + version, AppliedAt = DateTimeOffset.UnixEpoch,
        };

        state.RecordApplied(Record(1));
        state.RecordApplied(Record(2));

        Assert.Equal(2, Assert.Single(state.ReadApplied()).Version);
    }
}
