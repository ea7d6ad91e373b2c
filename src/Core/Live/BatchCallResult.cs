using System.Text.Json.Serialization;

namespace McpOrchestrator.Core.Live;

/// <summary>The outcome of one call of a batch, at the call's index: <c>{ok: true, result}</c> or
/// <c>{ok: false, error}</c>.</summary>
public sealed record BatchCallResult
{
    public required bool Ok { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public LiveCallResult? Result { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public BatchCallError? Error { get; init; }
}
