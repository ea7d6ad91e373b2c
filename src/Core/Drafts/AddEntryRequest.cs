using System.Text.Json.Serialization;
using McpOrchestrator.Core.Configs;
using McpOrchestrator.Core.Registry;

namespace McpOrchestrator.Core.Drafts;

/// <summary>The body of <c>POST …/draft/add</c>: <c>{serverId, name?, params?, env?, tools?, wrapRemote?}</c>.
/// <c>name</c> defaults to <c>serverId</c>; <c>params</c> values may be JSON strings, numbers or booleans; <c>env</c>
/// values are literals or <c>${env:NAME}</c> / <c>${secret:NAME}</c> references.</summary>
public sealed record AddEntryRequest
{
    public string? ServerId { get; init; }

    public string? Name { get; init; }

    [JsonConverter(typeof(ScalarDictionaryConverter))]
    public IReadOnlyDictionary<string, string>? Params { get; init; }

    [JsonConverter(typeof(ScalarDictionaryConverter))]
    public IReadOnlyDictionary<string, string>? Env { get; init; }

    public ToolFilter? Tools { get; init; }

    public bool? WrapRemote { get; init; }

    /// <summary>A request that adds <paramref name="server"/> (the usage example of <c>GET /v1/servers/{id}</c>): every
    /// required parameter with its example, every required env variable as a reference (<c>${secret:NAME}</c> for
    /// secrets, <c>${env:NAME}</c> otherwise).</summary>
    public static AddEntryRequest ExampleFor(ServerDefinition server)
    {
        ArgumentNullException.ThrowIfNull(server);
        return new AddEntryRequest
        {
            ServerId = server.Id,
            Params = server.Parameters.Any(p => p.Required)
                ? server.Parameters.Where(p => p.Required).ToDictionary(p => p.Name, p => p.Example ?? "<" + ServerDefinitionValidator.Lower(p.Type) + ">", StringComparer.Ordinal)
                : null,
            Env = server.Env.Required.Count > 0
                ? server.Env.Required.ToDictionary(v => v.Name, v => v.Secret ? References.Secret(v.Name) : References.Env(v.Name), StringComparer.Ordinal)
                : null,
        };
    }
}
