using McpOrchestrator.Cli.Files;

namespace McpOrchestrator.Cli.Tests.Files;

public sealed class AtomicFileWriterTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 13, 30, 5, TimeSpan.Zero);
    private readonly string _directory = Directory.CreateTempSubdirectory("mcpo-write-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Write_ExistingFile_ReplacesItAndKeepsATimestampedBackupOfTheOldOne()
    {
        var path = Path.Combine(_directory, "mcp.json");
        File.WriteAllText(path, "old");

        var backup = AtomicFileWriter.Write(path, "new", Now);

        Assert.Equal("new", File.ReadAllText(path));
        Assert.Equal(path + ".20261202T133005Z.bak", backup);
        Assert.Equal("old", File.ReadAllText(backup!));
        Assert.Equal(["mcp.json", "mcp.json.20261202T133005Z.bak"], Directory.GetFiles(_directory).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Write_TwiceInOneSecond_KeepsBothBackups()
    {
        var path = Path.Combine(_directory, "mcp.json");
        File.WriteAllText(path, "v1");

        var first = AtomicFileWriter.Write(path, "v2", Now);
        var second = AtomicFileWriter.Write(path, "v3", Now);

        Assert.NotEqual(first, second);
        Assert.Equal("v1", File.ReadAllText(first!));
        Assert.Equal("v2", File.ReadAllText(second!));
    }

    [Fact]
    public void Write_NoFileYet_CreatesItOwnerOnlyWithoutBackup()
    {
        var path = Path.Combine(_directory, "sub", "config.toml");

        var backup = AtomicFileWriter.Write(path, "x = 1\n", Now);

        Assert.Null(backup);
        Assert.Equal("x = 1\n", File.ReadAllText(path));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
    }

    [Theory]
    [InlineData(WriteStage.BackedUp)]
    [InlineData(WriteStage.TempWritten)]
    public void Write_InterruptedBeforeTheRename_LeavesTheOldFileAndTheBackup(WriteStage stage)
    {
        var path = Path.Combine(_directory, "mcp.json");
        File.WriteAllText(path, "old");

        Assert.Throws<IOException>(() => AtomicFileWriter.Write(path, "new", Now, s =>
        {
            if (s == stage && (s != WriteStage.TempWritten || File.Exists(path + ".20261202T133005Z.bak")))
            {
                throw new IOException("interrupted");
            }
        }));

        Assert.Equal("old", File.ReadAllText(path));
        Assert.Equal("old", File.ReadAllText(path + ".20261202T133005Z.bak"));
        Assert.DoesNotContain(Directory.GetFiles(_directory), f => f.EndsWith(".tmp", StringComparison.Ordinal));
    }

    [Fact]
    public void Write_InterruptedAfterTheRename_LeavesTheNewFileAndTheBackup()
    {
        var path = Path.Combine(_directory, "mcp.json");
        File.WriteAllText(path, "old");

        Assert.Throws<IOException>(() => AtomicFileWriter.Write(path, "new", Now, s =>
        {
            if (s == WriteStage.Replaced)
            {
                throw new IOException("interrupted");
            }
        }));

        Assert.Equal("new", File.ReadAllText(path));
        Assert.Equal("old", File.ReadAllText(path + ".20261202T133005Z.bak"));
    }

    [Fact]
    public void Write_ExistingFile_KeepsItsMode()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var path = Path.Combine(_directory, "mcp.json");
        File.WriteAllText(path, "old");
        var mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;
        File.SetUnixFileMode(path, mode);

        AtomicFileWriter.Write(path, "new", Now);

        Assert.Equal(mode, File.GetUnixFileMode(path));
    }
}
