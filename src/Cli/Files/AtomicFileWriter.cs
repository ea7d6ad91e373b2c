using System.Globalization;
using System.Text;

namespace McpOrchestrator.Cli.Files;

/// <summary>Replaces a client's config file so that an interruption at any point leaves either the old file or the
/// new one, never a mix: the old file is first copied to a timestamped backup beside it (itself written through a
/// temporary file), the new content goes to a temporary file in the same directory, is flushed to disk and then
/// renamed over the target (an atomic rename on one file system). The file keeps its mode; a new file gets 0600.</summary>
public static class AtomicFileWriter
{
    /// <summary>Writes <paramref name="content"/> to <paramref name="path"/> and answers the backup's path (null when
    /// there was no file before). <paramref name="stage"/> is told each completed step (tests interrupt there).</summary>
    public static string? Write(string path, string content, DateTimeOffset now, Action<WriteStage>? stage = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(content);
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(directory);
        UnixFileMode? mode = null;
        string? backup = null;
        if (File.Exists(full))
        {
            if (!OperatingSystem.IsWindows())
            {
                mode = File.GetUnixFileMode(full);
            }

            backup = BackupPath(full, now);
            WriteThroughTemp(backup, File.ReadAllBytes(full), mode);
            stage?.Invoke(WriteStage.BackedUp);
        }

        WriteThroughTemp(full, new UTF8Encoding(false).GetBytes(content), mode ?? PrivateFile.OwnerOnly, stage);
        stage?.Invoke(WriteStage.Replaced);
        return backup;
    }

    /// <summary><c>&lt;file&gt;.&lt;yyyyMMddTHHmmssZ&gt;.bak</c> beside the file, with <c>-2</c>, <c>-3</c>… when that
    /// name is taken.</summary>
    public static string BackupPath(string path, DateTimeOffset now)
    {
        var stamp = now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var candidate = $"{path}.{stamp}.bak";
        for (var n = 2; File.Exists(candidate); n++)
        {
            candidate = $"{path}.{stamp}-{n.ToString(CultureInfo.InvariantCulture)}.bak";
        }

        return candidate;
    }

    private static void WriteThroughTemp(string target, byte[] bytes, UnixFileMode? mode, Action<WriteStage>? stage = null)
    {
        var directory = Path.GetDirectoryName(target)!;
        var temp = Path.Combine(directory, $".{Path.GetFileName(target)}.mcpo-{Guid.NewGuid():N}.tmp");
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
            if (!OperatingSystem.IsWindows() && mode is { } unixMode)
            {
                options.UnixCreateMode = unixMode;
            }

            using (var stream = new FileStream(temp, options))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }

            stage?.Invoke(WriteStage.TempWritten);
            File.Move(temp, target, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }
}
