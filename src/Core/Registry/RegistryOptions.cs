using Microsoft.Extensions.Configuration;

namespace McpOrchestrator.Core.Registry;

/// <summary>Settings of the server registry, from the <c>McpOrchestrator:Registry</c> section.
/// <see cref="SnapshotTtl"/> bounds how long this instance serves its in-memory copy of the custom entries before it
/// checks (one point read) whether another instance changed them; its own writes are seen at once.</summary>
public sealed class RegistryOptions
{
    public const string SnapshotTtlSetting = "McpOrchestrator:Registry:SnapshotTtl";

    public static readonly TimeSpan MaxSnapshotTtl = TimeSpan.FromMinutes(5);

    public TimeSpan SnapshotTtl { get; set; } = TimeSpan.FromSeconds(5);

    internal void Bind(IConfiguration configuration) =>
        SnapshotTtl = configuration.GetValue(SnapshotTtlSetting, SnapshotTtl);
}
