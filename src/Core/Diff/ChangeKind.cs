using System.Text.Json.Serialization;

namespace McpOrchestrator.Core.Diff;

/// <summary>What happened to one field going from local to remote: <c>added</c> (only remote has it; <c>old</c> is
/// null), <c>removed</c> (only local has it; <c>new</c> is null), <c>modified</c> (both have it, with different
/// values). Explicit, so a value that is itself empty or null is never mistaken for a missing one.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ChangeKind>))]
public enum ChangeKind
{
    [JsonStringEnumMemberName("added")]
    Added,

    [JsonStringEnumMemberName("removed")]
    Removed,

    [JsonStringEnumMemberName("modified")]
    Modified,
}
