using System.Text.Json.Serialization;

namespace McpOrchestrator.Core.Clients;

/// <summary>The file syntax a client reads. Import of every JSON client tolerates comments and trailing commas;
/// <see cref="Jsonc"/> says the client itself accepts them, so users' files often contain them.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FormatSyntax>))]
public enum FormatSyntax
{
    [JsonStringEnumMemberName("json")]
    Json,

    [JsonStringEnumMemberName("jsonc")]
    Jsonc,

    [JsonStringEnumMemberName("toml")]
    Toml,

    [JsonStringEnumMemberName("yaml")]
    Yaml,
}
