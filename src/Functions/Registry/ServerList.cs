using System.Text.Json.Serialization;
using McpOrchestrator.Core.Registry;

namespace McpOrchestrator.Functions.Registry;

/// <summary>The body of <c>GET /v1/servers</c>: one page of entries (<see cref="Count"/> is how many this page holds)
/// and, while more follow, <see cref="NextLink"/> to the next page.</summary>
public sealed record ServerList(
    int Count,
    IReadOnlyList<ServerDefinition> Servers,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? NextLink = null);
