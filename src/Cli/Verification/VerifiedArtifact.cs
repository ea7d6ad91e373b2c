using McpOrchestrator.Cli.Settings;
using McpOrchestrator.Core.Configs;

namespace McpOrchestrator.Cli.Verification;

/// <summary>An artifact whose signature, key and artifactId checked out: its payload can be written.
/// <see cref="Pin"/> is the key to pin; <see cref="NewPin"/> says whether it differs from the pin before (first use or
/// an accepted rotation).</summary>
public sealed record VerifiedArtifact(DeployedArtifact Artifact, ConfigPayload Payload, KeyPin Pin, bool NewPin);
