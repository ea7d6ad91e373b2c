using System.Text.Json.Serialization;

namespace McpOrchestrator.Core.Registry;

/// <summary>A typed value a draft entry supplies to fill <c>{name}</c> placeholders in a server's args, URL and
/// headers. An optional parameter's <see cref="Default"/> is applied when the entry gives none; a parameter is
/// never both required and defaulted.</summary>
public sealed record ServerParameter
{
    /// <summary><c>^[A-Za-z_][A-Za-z0-9_]*$</c>, at most 64 characters; unique within the server.</summary>
    public required string Name { get; init; }

    public required ParameterType Type { get; init; }

    public bool Required { get; init; }

    /// <summary>Text of the default value (typed by <see cref="Type"/>); null for none.</summary>
    [JsonConverter(typeof(ScalarStringConverter))]
    public string? Default { get; init; }

    [JsonConverter(typeof(ScalarStringConverter))]
    public string? Example { get; init; }

    public string? Description { get; init; }

    /// <summary>Whether a value a draft entry gives may start with '-' where this parameter begins an argument (or the
    /// URL), and so pass the server a flag of its own choosing. Off by default: such a value is refused
    /// (<c>invalid_parameter</c>) unless the registry entry sets <c>allowFlag</c> for the parameter.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool AllowFlag { get; init; }
}
