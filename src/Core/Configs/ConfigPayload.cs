using System.Text.Json;

namespace McpOrchestrator.Core.Configs;

/// <summary>What an artifact carries: a profile's servers, fully resolved and sorted by name. Its canonical (JCS)
/// JSON is what the artifactId hashes, so the same servers always give the same id.</summary>
public sealed record ConfigPayload
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public required string ClientId { get; init; }

    public required string ProfileId { get; init; }

    public required IReadOnlyList<ServerConfig> Servers { get; init; }

    public static ConfigPayload Create(string clientId, string profileId, IEnumerable<ServerConfig> servers) => new()
    {
        ClientId = clientId,
        ProfileId = profileId,
        Servers = [.. servers.OrderBy(s => s.Name, StringComparer.Ordinal)],
    };

    public JsonElement ToJson() => JsonSerializer.SerializeToElement(this, Json);

    public static ConfigPayload FromJson(JsonElement payload) =>
        payload.Deserialize<ConfigPayload>(Json) ?? throw new InvalidDataException("An artifact payload is JSON null.");
}
