using McpOrchestrator.Core.Profiles;

namespace McpOrchestrator.Functions.Clients;

public sealed record ProfileList(string ClientId, IReadOnlyList<Profile> Profiles);
