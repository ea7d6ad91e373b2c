namespace McpOrchestrator.Cli.Merging;

/// <summary>One member of a JSON object as text offsets: the key token, and the value from its first to one past its
/// last character.</summary>
public sealed record JsoncMember(string Key, int KeyStart, int ValueStart, int ValueEnd, JsoncObject? Nested);
