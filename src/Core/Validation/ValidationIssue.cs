using System.Text.Json.Serialization;

namespace McpOrchestrator.Core.Validation;

/// <summary>One finding of validation: a stable <see cref="Code"/> (see <see cref="ValidationCodes"/>), its severity,
/// a message saying what to change, and where: the draft entry (<see cref="Server"/>) and the field
/// (<see cref="Path"/>, e.g. <c>params.port</c>, <c>env.GITHUB_TOKEN</c>). Limit checks carry
/// <see cref="Limit"/> and <see cref="Actual"/>. Messages never contain a secret's value.</summary>
public sealed record ValidationIssue
{
    public required string Code { get; init; }

    public required IssueSeverity Severity { get; init; }

    public required string Message { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Server { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Path { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Limit { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Actual { get; init; }

    public static ValidationIssue Error(string code, string message, string? server = null, string? path = null) =>
        new() { Code = code, Severity = IssueSeverity.Error, Message = message, Server = server, Path = path };

    public static ValidationIssue Warning(string code, string message, string? server = null, string? path = null) =>
        new() { Code = code, Severity = IssueSeverity.Warning, Message = message, Server = server, Path = path };
}
