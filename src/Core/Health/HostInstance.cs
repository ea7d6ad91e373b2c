using Microsoft.Extensions.Configuration;

namespace McpOrchestrator.Core.Health;

/// <summary>Identifies this host instance: Azure's <c>WEBSITE_INSTANCE_ID</c> when present, else the machine name.</summary>
public sealed record HostInstance(string Id)
{
    public static HostInstance From(IConfiguration configuration)
    {
        var id = configuration["WEBSITE_INSTANCE_ID"];
        return new HostInstance(string.IsNullOrWhiteSpace(id) ? Environment.MachineName.ToLowerInvariant() : id);
    }
}
