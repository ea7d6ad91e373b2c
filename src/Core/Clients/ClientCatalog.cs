namespace McpOrchestrator.Core.Clients;

/// <summary>The built-in MCP clients, including <c>orchestrator</c> (this service itself).</summary>
public sealed class ClientCatalog
{
    public const string OrchestratorClientId = "orchestrator";

    public IReadOnlyList<ClientDefinition> All { get; } = [];

    public ClientDefinition? Find(string id) => All.FirstOrDefault(c => c.Id == id);
}
