using McpOrchestrator.Core.Configs;
using McpOrchestrator.Core.Mcp;

namespace McpOrchestrator.Core.Validation;

/// <summary>The seam for the live probe (publishing issue): connects to one resolved server and reports what it found.
/// Must not throw for a server that is down (that is a result with <c>Ok = false</c>); an exception means the probe
/// itself could not run and is reported as <c>validation_error</c>.</summary>
public interface IServerProbe
{
    Task<ProbeResult> ProbeAsync(ServerConfig server, CancellationToken cancellationToken);
}
