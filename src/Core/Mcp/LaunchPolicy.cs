using McpOrchestrator.Core.Configs;
using Microsoft.Extensions.Options;

namespace McpOrchestrator.Core.Mcp;

/// <summary>
/// Decides whether the service itself may connect to a server, before anything is started or sent. A stdio server is
/// started only when its command is one an administrator approved: the command of the registry entry it was resolved
/// from (<see cref="ServerConfig.ServerId"/>; built-in entries, or custom entries, which need scope <c>admin</c>), or a
/// command named in <see cref="McpOptions.AllowedCommands"/>. Inline stdio entries of drafts (imports the registry
/// does not know) are data for clients' machines and are never started. A URL server is checked by
/// <see cref="NetworkGuard"/> (link-local and metadata addresses never, loopback and private networks only when
/// allowed). <see cref="McpConnector"/> asks before every connect, probes before every probe.
/// </summary>
public sealed class LaunchPolicy(IOptions<McpOptions> options, NetworkGuard network, IRegisteredCommands? registered = null)
{
    /// <summary>Null when the service may connect to <paramref name="server"/>; otherwise why not, as a
    /// <see cref="McpServerException"/> of kind <see cref="McpFailureKind.CommandNotAllowed"/> or
    /// <see cref="McpFailureKind.AddressNotAllowed"/> whose message says how to fix it.</summary>
    public async Task<McpServerException?> CheckAsync(ServerConfig server, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        if (server.Transport != Transport.Stdio)
        {
            return await network.CheckUrlAsync(server, cancellationToken);
        }

        var command = server.Command;
        if (string.IsNullOrWhiteSpace(command) || options.Value.AllowedCommandList.Contains(command, StringComparer.Ordinal))
        {
            return null;
        }

        if (server.ServerId is { } serverId && registered is not null && await registered.IsRegisteredAsync(serverId, command, cancellationToken))
        {
            return null;
        }

        return new McpServerException(server.Name, McpFailureKind.CommandNotAllowed, Refusal(server));
    }

    private static string Refusal(ServerConfig server)
    {
        const string Fix = "name the command in the app setting McpOrchestrator__Mcp__AllowedCommands";
        if (server.Command == Drafts.ServerResolver.BridgeCommand && server.Args.Count > 1 && server.Args[1] == Drafts.ServerResolver.BridgePackage)
        {
            return $"'{server.Name}' runs the {Drafts.ServerResolver.BridgePackage} bridge, which runs on the client's machine; the service does not start it (to let it, an administrator can {Fix})";
        }

        return server.ServerId is null
            ? $"'{server.Name}' is an inline stdio entry (command '{server.Command}'): it is data for clients' machines and the service never starts it. To have the service run it, an administrator registers it (PUT /v1/servers/{{id}}) and the draft uses that entry, or an administrator can {Fix}"
            : $"'{server.Name}' runs '{server.Command}', which registry entry '{server.ServerId}' does not start (the entry is gone or changed); re-add the entry from the registry, or an administrator can {Fix}";
    }
}
