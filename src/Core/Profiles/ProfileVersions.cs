namespace McpOrchestrator.Core.Profiles;

/// <summary>The published state of a profile: its latest artifact version and the version deployed (null for
/// none).</summary>
public sealed record ProfileVersions(int? LatestVersion, int? DeployedVersion)
{
    public static readonly ProfileVersions None = new(null, null);
}
