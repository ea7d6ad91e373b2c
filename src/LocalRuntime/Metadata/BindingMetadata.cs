using System.Text.Json;

namespace McpOrchestrator.LocalRuntime.Metadata;

/// <summary>One binding of a function in functions.metadata (<c>httpTrigger</c>, <c>http</c>, <c>timerTrigger</c>, …).</summary>
public sealed record BindingMetadata
{
    public required string Name { get; init; }

    public required string Type { get; init; }

    public required string Direction { get; init; }

    /// <summary>Every property of the binding as written by the generator (route, methods, authLevel, schedule, …).</summary>
    public required IReadOnlyDictionary<string, JsonElement> Properties { get; init; }

    public string? GetString(string property) =>
        Properties.TryGetValue(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public bool GetBoolean(string property) =>
        Properties.TryGetValue(property, out var value) && value.ValueKind == JsonValueKind.True;

    public IReadOnlyList<string>? GetStrings(string property) =>
        Properties.TryGetValue(property, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().Select(item => item.GetString() ?? string.Empty).ToArray()
            : null;

    public bool IsTrigger => Type.EndsWith("Trigger", StringComparison.Ordinal);
}
