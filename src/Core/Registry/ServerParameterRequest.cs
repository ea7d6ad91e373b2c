using System.Text.Json.Serialization;

namespace McpOrchestrator.Core.Registry;

/// <summary>A parameter in a <see cref="ServerDefinitionRequest"/>: <c>{name, type, required, default, example,
/// description, allowFlag}</c>; <c>default</c> and <c>example</c> may be JSON strings, numbers or booleans.</summary>
public sealed record ServerParameterRequest
{
    public string? Name { get; init; }

    /// <summary><c>string</c>, <c>int</c>, <c>bool</c>, <c>path</c> or <c>url</c>.</summary>
    public string? Type { get; init; }

    public bool? Required { get; init; }

    [JsonConverter(typeof(ScalarStringConverter))]
    public string? Default { get; init; }

    [JsonConverter(typeof(ScalarStringConverter))]
    public string? Example { get; init; }

    public string? Description { get; init; }

    /// <summary>True lets a draft's value for this parameter start with '-' at the start of an argument (a flag for
    /// the server); see <see cref="ServerParameter.AllowFlag"/>.</summary>
    public bool? AllowFlag { get; init; }
}
