namespace McpOrchestrator.Core.Registry;

/// <summary><c>{"required": [...], "optional": [...]}</c> in a <see cref="ServerDefinitionRequest"/>; each item a
/// variable name or <c>{name, secret?, description?}</c>.</summary>
public sealed record EnvRequirementsRequest
{
    public IReadOnlyList<EnvVarSpec>? Required { get; init; }

    public IReadOnlyList<EnvVarSpec>? Optional { get; init; }
}
