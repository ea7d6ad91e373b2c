using McpOrchestrator.Core.Problems;

namespace McpOrchestrator.Core.Clients;

/// <summary>The built-in MCP clients, including <c>orchestrator</c> (this service itself). Immutable; ids are
/// unique.</summary>
public sealed class ClientCatalog
{
    public const string OrchestratorClientId = "orchestrator";

    private readonly Dictionary<string, ClientDefinition> _byId;

    public ClientCatalog()
        : this(BuiltInClients.Create())
    {
    }

    /// <summary>A catalog of the given clients instead of the built-in ones (tests, custom deployments).</summary>
    public ClientCatalog(IReadOnlyList<ClientDefinition> clients)
    {
        ArgumentNullException.ThrowIfNull(clients);
        All = clients;
        _byId = new Dictionary<string, ClientDefinition>(StringComparer.Ordinal);
        foreach (var client in clients)
        {
            if (!_byId.TryAdd(client.Id, client))
            {
                throw new ArgumentException($"Client id '{client.Id}' appears twice.", nameof(clients));
            }
        }
    }

    public IReadOnlyList<ClientDefinition> All { get; }

    public ClientDefinition? Find(string id) => id is null ? null : _byId.GetValueOrDefault(id);

    /// <summary>The client with this id, or a 404 <c>client_not_found</c> problem listing the known ids.</summary>
    public ClientDefinition Get(string id) => Find(id) ?? throw new ProblemException(ClientProblems.ClientNotFound(id, All));
}
