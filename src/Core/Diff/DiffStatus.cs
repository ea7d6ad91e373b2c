using System.Text.Json.Serialization;

namespace McpOrchestrator.Core.Diff;

/// <summary>How a local configuration stands against the remote one (see <see cref="ConfigDiffer"/>):
/// <c>up-to-date</c> (no difference), <c>outdated</c> (local lacks or has other versions of remote servers, and has
/// nothing the remote lacks: pulling the remote loses nothing), <c>diverged</c> (local has servers the remote does not:
/// pulling the remote would remove them).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DiffStatus>))]
public enum DiffStatus
{
    [JsonStringEnumMemberName("up-to-date")]
    UpToDate,

    [JsonStringEnumMemberName("outdated")]
    Outdated,

    [JsonStringEnumMemberName("diverged")]
    Diverged,
}
