using System.Buffers.Text;
using System.Text.Json;
using McpOrchestrator.Core.Problems;

namespace McpOrchestrator.Core.Live;

/// <summary>The opaque cursor of a listing aggregated over the live servers: which server the next page comes from
/// and that server's own cursor. One page of the aggregate is one page of one server, so listings stay as long as the
/// servers make them and never hold every server's items at once.</summary>
internal sealed record AggregateCursor(string Server, string? Upstream)
{
    private const int MaxLength = 4096;

    public string Encode() =>
        Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(new Wire(Server, Upstream)));

    /// <summary>The cursor a client sent back, or null for the first page. A cursor this service did not make is the
    /// caller's mistake: <see cref="LiveProblems.InvalidCursor"/>.</summary>
    public static AggregateCursor? Decode(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor))
        {
            return null;
        }

        try
        {
            if (cursor.Length <= MaxLength
                && JsonSerializer.Deserialize<Wire>(Base64Url.DecodeFromChars(cursor)) is { S: { Length: > 0 } server } wire)
            {
                return new AggregateCursor(server, wire.C);
            }
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            // Falls through to the refusal.
        }

        throw new ProblemException(LiveProblems.InvalidCursor());
    }

    private sealed record Wire(string S, string? C);
}
