using McpOrchestrator.Core.Clients;
using McpOrchestrator.Core.Configs;
using McpOrchestrator.Core.Profiles;

namespace McpOrchestrator.Functions.Clients;

/// <summary>A client as <c>GET /v1/clients</c> lists it.</summary>
public sealed record ClientView(
    string Id,
    string DisplayName,
    ClientPaths Paths,
    NativeFormat Format,
    IReadOnlyList<Transport> Transports,
    bool CanWrapRemote,
    ClientLimits Limits,
    IReadOnlyList<Profile> Profiles);
