namespace McpOrchestrator.Core.Mcp;

/// <summary>The registry's answer to "did an administrator register this stdio command?": the built-in catalog and
/// the custom entries (registering one needs scope <c>admin</c>). <see cref="LaunchPolicy"/> asks it before the
/// service starts a process.</summary>
public interface IRegisteredCommands
{
    /// <summary>Whether registry entry <paramref name="serverId"/> exists, is a stdio server, and starts
    /// <paramref name="command"/>.</summary>
    Task<bool> IsRegisteredAsync(string serverId, string command, CancellationToken cancellationToken);
}
