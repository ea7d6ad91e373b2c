using System.Security.Cryptography;
using System.Text;

namespace McpOrchestrator.Core.Live;

/// <summary>
/// Names of live tools as <c>GET /v1/tools</c> lists them: <c>{server}__{tool}</c>, kept within
/// <see cref="MaxLength"/> characters (the limit many MCP clients and model APIs put on tool names). A name that fits
/// is used as it is. A longer one keeps its first 55 characters and ends with <c>_</c> and the first 8 hex digits of
/// the SHA-256 of the whole name (UTF-8), so it is the same on every instance and every run, and two long names that
/// share their first 55 characters still differ. Should two tools still end with the same name in one listing (a hash
/// collision, or a short name that happens to look like a shortened one), <see cref="Assign"/> gives each shortened
/// one of them 16 hex digits instead.
/// </summary>
public static class LiveToolNames
{
    public const int MaxLength = 64;

    public const string Separator = "__";

    private const int ShortHashLength = 8;
    private const int LongHashLength = 16;

    /// <summary>The listed name of <paramref name="tool"/> of <paramref name="server"/>, on its own.</summary>
    public static string Qualify(string server, string tool) => Shorten(server + Separator + tool, ShortHashLength);

    /// <summary>The listed names of many tools, distinct from each other, in the order given.</summary>
    public static IReadOnlyList<string> Assign(IReadOnlyList<(string Server, string Tool)> tools)
    {
        ArgumentNullException.ThrowIfNull(tools);
        var names = tools.Select(t => Qualify(t.Server, t.Tool)).ToArray();
        var clashing = names.GroupBy(n => n, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < names.Length; i++)
        {
            var full = tools[i].Server + Separator + tools[i].Tool;
            if (clashing.Contains(names[i]) && full.Length > MaxLength)
            {
                names[i] = Shorten(full, LongHashLength);
            }
        }

        return names;
    }

    private static string Shorten(string full, int hashLength)
    {
        if (full.Length <= MaxLength)
        {
            return full;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(full)))[..hashLength];
        var keep = MaxLength - hashLength - 1;

        // Never cut a surrogate pair in half.
        if (char.IsHighSurrogate(full[keep - 1]))
        {
            keep--;
        }

        return string.Concat(full.AsSpan(0, keep), "_", hash);
    }
}
