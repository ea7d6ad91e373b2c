namespace McpOrchestrator.Cli.Merging;

/// <summary>A JSON object as text offsets: its braces and its members in order (comments and whitespace are not
/// members; they stay where they are in the text).</summary>
public sealed record JsoncObject(int Open, int Close, IReadOnlyList<JsoncMember> Members)
{
    /// <summary>The last member with this key (JSON readers keep the last of repeated keys).</summary>
    public JsoncMember? Find(string key) => Members.LastOrDefault(m => string.Equals(m.Key, key, StringComparison.Ordinal));
}
