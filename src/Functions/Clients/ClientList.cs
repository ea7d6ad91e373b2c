namespace McpOrchestrator.Functions.Clients;

public sealed record ClientList(IReadOnlyList<ClientView> Clients);
