using System.Text.Json.Serialization;

namespace McpOrchestrator.Core.Registry;

/// <summary>An environment variable a server reads. JSON: always written as
/// <c>{"name": "BRAVE_API_KEY", "secret": true, "description": "…"}</c>; on input a bare name
/// (<c>"BRAVE_API_KEY"</c>) is accepted as shorthand for <c>{"name": "BRAVE_API_KEY"}</c>. A secret variable is
/// offered as a <c>${secret:NAME}</c> reference in usage examples and flagged when a draft gives it literally.</summary>
[JsonConverter(typeof(EnvVarSpecConverter))]
public sealed record EnvVarSpec
{
    /// <summary>A variable name: <c>^[A-Za-z_][A-Za-z0-9_]*$</c>, at most 128 characters.</summary>
    public required string Name { get; init; }

    /// <summary>Whether the value is a credential (never to be written literally). Defaults to false.</summary>
    public bool Secret { get; init; }

    public string? Description { get; init; }
}
