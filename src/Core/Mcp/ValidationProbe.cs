using McpOrchestrator.Core.Configs;
using McpOrchestrator.Core.Validation;

namespace McpOrchestrator.Core.Mcp;

/// <summary>The live probe behind <c>POST .../validate {probe: true}</c>: a <see cref="ServerProbe"/> result in the
/// shape validation reports.</summary>
public sealed class ValidationProbe(ServerProbe probe) : IServerProbe
{
    public async Task<Validation.ProbeResult> ProbeAsync(ServerConfig server, CancellationToken cancellationToken) =>
        ToValidation(await probe.ProbeAsync(server, cancellationToken));

    public static Validation.ProbeResult ToValidation(ProbeResult result) => new()
    {
        Server = result.Name,
        Ok = result.Ok,
        LatencyMs = (int)Math.Min(result.LatencyMs, int.MaxValue),
        ToolCount = result.ToolCount,
        ToolNames = result.ToolNames,
        ProtocolVersion = result.ProtocolVersion,
        Error = result.Error,
    };
}
