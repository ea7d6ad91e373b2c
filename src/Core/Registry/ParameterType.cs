using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;

namespace McpOrchestrator.Core.Registry;

/// <summary>The type of a server parameter, serialised as <c>string</c>, <c>int</c>, <c>bool</c>, <c>path</c>,
/// <c>url</c>. Values are always carried as text and checked against the type (see
/// <see cref="ParameterValues"/>).</summary>
[JsonConverter(typeof(LowercaseEnumConverter<ParameterType>))]
[SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "The member names are the wire names of the parameter types.")]
public enum ParameterType
{
    String,
    Int,
    Bool,
    Path,
    Url,
}
