using McpOrchestrator.Core.Configs;
using McpOrchestrator.Core.Mcp;

namespace McpOrchestrator.Core.Registry;

/// <summary><see cref="IRegisteredCommands"/> over the <see cref="ServerRegistry"/>: built-in entries and custom
/// entries, which only an admin can register.</summary>
public sealed class RegisteredCommands(ServerRegistry registry) : IRegisteredCommands
{
    public async Task<bool> IsRegisteredAsync(string serverId, string command, CancellationToken cancellationToken)
    {
        var definition = await registry.FindAsync(serverId, cancellationToken);
        return definition is { Transport: Transport.Stdio } && string.Equals(definition.Command, command, StringComparison.Ordinal);
    }
}
