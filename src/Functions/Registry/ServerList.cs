using McpOrchestrator.Core.Registry;

namespace McpOrchestrator.Functions.Registry;

public sealed record ServerList(int Count, IReadOnlyList<ServerDefinition> Servers);
