using System.Text.Json.Nodes;

namespace McpOrchestrator.LocalHost.Extensions;

/// <summary>One binding of a function as the worker's metadata declares it: <c>name</c>, <c>type</c>,
/// <c>direction</c> (<c>in</c>, <c>out</c>, <c>inout</c>) and the raw JSON with every other property.</summary>
public sealed record FunctionBinding(string Name, string Type, string Direction, JsonObject Raw)
{
    public bool IsTrigger => Type.EndsWith("Trigger", StringComparison.OrdinalIgnoreCase);
}
