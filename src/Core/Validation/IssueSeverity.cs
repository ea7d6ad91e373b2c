using System.Text.Json.Serialization;
using McpOrchestrator.Core.Registry;

namespace McpOrchestrator.Core.Validation;

/// <summary><c>error</c> blocks publishing; <c>warning</c> does not.</summary>
[JsonConverter(typeof(LowercaseEnumConverter<IssueSeverity>))]
public enum IssueSeverity
{
    Error,
    Warning,
}
