using System.Text.Json.Serialization;

namespace McpOrchestrator.Core.Registry;

/// <summary>The body of <c>PUT /v1/servers/{id}</c>, and the shape custom entries are stored in:
/// <c>{name, description, transport, command, args, url, headers, parameters, env: {required, optional}, tags,
/// docsUrl}</c>. Everything is optional here so that <see cref="ServerDefinitionValidator"/> can say precisely what is
/// missing; unknown members are refused by the HTTP reader.</summary>
public sealed record ServerDefinitionRequest
{
    public string? Name { get; init; }

    public string? Description { get; init; }

    /// <summary><c>stdio</c>, <c>http</c> (streamable HTTP) or <c>sse</c>.</summary>
    public string? Transport { get; init; }

    public string? Command { get; init; }

    public IReadOnlyList<string>? Args { get; init; }

    public string? Url { get; init; }

    [JsonConverter(typeof(ScalarDictionaryConverter))]
    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    public IReadOnlyList<ServerParameterRequest>? Parameters { get; init; }

    public EnvRequirementsRequest? Env { get; init; }

    public IReadOnlyList<string>? Tags { get; init; }

    public string? DocsUrl { get; init; }
}
