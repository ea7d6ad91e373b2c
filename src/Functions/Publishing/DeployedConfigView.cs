using System.Text.Json;

namespace McpOrchestrator.Functions.Publishing;

/// <summary><c>GET /v1/config/{clientId}/{profileId}</c>: a published version with its payload, the payload rendered
/// in the client's native format, and its signature (JWS compact, ES256) with the key id to verify it against
/// <c>GET /v1/keys</c>. <see cref="Payload"/> is exactly what was signed: its RFC 8785 canonical JSON hashes to
/// <see cref="ArtifactId"/>.</summary>
public sealed record DeployedConfigView(
    string ClientId,
    string ProfileId,
    int Version,
    string ArtifactId,
    bool Deployed,
    DateTimeOffset CreatedAt,
    string PublishedBy,
    string? Changelog,
    JsonElement Payload,
    string? Rendered,
    string Signature,
    string Kid);
