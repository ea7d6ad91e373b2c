using System.Text.Json.Serialization;
using McpOrchestrator.Core.Registry;

namespace McpOrchestrator.Core.Drafts;

/// <summary>How an import combines with the draft. <see cref="Merge"/> (the default): imported servers are added,
/// an entry with the same name as an imported server is replaced by it, every other entry stays. <see cref="Replace"/>:
/// the draft becomes exactly the imported servers. Either way the result lists every entry added, updated, left
/// unchanged and removed, so nothing changes silently. JSON: <c>merge</c>, <c>replace</c>.</summary>
[JsonConverter(typeof(LowercaseEnumConverter<ImportMode>))]
public enum ImportMode
{
    Merge,
    Replace,
}
