using System.Text.Json.Serialization;
using McpOrchestrator.Core.Configs;

namespace McpOrchestrator.Core.Registry;

/// <summary>A registry entry: an MCP server the organisation knows, built in or custom. Stdio servers have a
/// <see cref="Command"/> and <see cref="Args"/>; HTTP and SSE servers a <see cref="Url"/> and
/// <see cref="Headers"/>. Args, URL and header values may hold <c>{param}</c> placeholders, each naming one of
/// <see cref="Parameters"/>. A draft entry turns it into a <see cref="ServerConfig"/> (see
/// <c>Drafts.ServerResolver</c>).</summary>
public sealed record ServerDefinition
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    public string? Description { get; init; }

    public required Transport Transport { get; init; }

    public string? Command { get; init; }

    public IReadOnlyList<string> Args { get; init; } = [];

    public string? Url { get; init; }

    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    public IReadOnlyList<ServerParameter> Parameters { get; init; } = [];

    public EnvRequirements Env { get; init; } = new();

    public IReadOnlyList<string> Tags { get; init; } = [];

    public string? DocsUrl { get; init; }

    /// <summary>The package the command runs (npm, PyPI or container image), when there is one.</summary>
    public string? Package { get; init; }

    /// <summary>True for the catalog shipped with the service; built-in entries cannot be replaced or deleted.</summary>
    public bool BuiltIn { get; init; }

    [JsonIgnore]
    public bool IsRemote => Transport is Transport.Http or Transport.Sse;

    public ServerParameter? FindParameter(string name) => Parameters.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.Ordinal));
}
