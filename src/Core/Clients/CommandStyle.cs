using System.Text.Json.Serialization;

namespace McpOrchestrator.Core.Clients;

/// <summary>How a client writes a stdio server's command line.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CommandStyle>))]
public enum CommandStyle
{
    /// <summary>The executable in <see cref="NativeFormat.CommandKey"/> and its arguments in <see cref="NativeFormat.ArgsKey"/>.</summary>
    [JsonStringEnumMemberName("stringWithArgs")]
    StringWithArgs,

    /// <summary>One array in <see cref="NativeFormat.CommandKey"/>: the executable, then its arguments (OpenCode).</summary>
    [JsonStringEnumMemberName("array")]
    Array,
}
