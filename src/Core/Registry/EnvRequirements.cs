using System.Text.Json.Serialization;

namespace McpOrchestrator.Core.Registry;

/// <summary>The environment variables a server reads: <see cref="Required"/> ones must be given by every draft entry
/// (as a literal or a <c>${env:NAME}</c> / <c>${secret:NAME}</c> reference), <see cref="Optional"/> ones may be.
/// JSON: <c>{"required": [...], "optional": [...]}</c>, each item an <see cref="EnvVarSpec"/>.</summary>
public sealed record EnvRequirements
{
    public IReadOnlyList<EnvVarSpec> Required { get; init; } = [];

    public IReadOnlyList<EnvVarSpec> Optional { get; init; } = [];

    [JsonIgnore]
    public IEnumerable<EnvVarSpec> All => Required.Concat(Optional);
}
