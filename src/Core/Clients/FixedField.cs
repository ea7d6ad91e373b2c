namespace McpOrchestrator.Core.Clients;

/// <summary>A constant field a client's file carries (Goose's <c>enabled: true</c>, Continue's <c>schema: v1</c>):
/// written as given, ignored on import.</summary>
public sealed record FixedField(string Key, string Value, FixedFieldKind Kind = FixedFieldKind.Text);
