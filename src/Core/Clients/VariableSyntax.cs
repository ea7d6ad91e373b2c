using System.Text.Json.Serialization;

namespace McpOrchestrator.Core.Clients;

/// <summary>How a client writes a reference to one of its own environment variables in a string value.
/// Entries keep references as <c>${env:NAME}</c> (and <c>${secret:NAME}</c>); rendering writes <c>${env:NAME}</c> in
/// the client's syntax and import maps it back. <c>${secret:NAME}</c> is never translated: no client knows the
/// orchestrator's secrets, so the machine that writes the file substitutes them. NAME is
/// <c>[A-Za-z_][A-Za-z0-9_]*</c>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<VariableSyntax>))]
public enum VariableSyntax
{
    /// <summary>The client expands nothing: references are written verbatim (<c>${env:NAME}</c>) and must be
    /// substituted by whoever writes the file on the user's machine, or the server receives the text itself.</summary>
    [JsonStringEnumMemberName("none")]
    None,

    /// <summary><c>${env:NAME}</c>, the orchestrator's own syntax (Cursor, VS Code, Windsurf).</summary>
    [JsonStringEnumMemberName("envColon")]
    EnvColon,

    /// <summary><c>${NAME}</c> (Claude Code, which also reads <c>${NAME:-default}</c>, kept verbatim on import;
    /// GitHub Copilot CLI).</summary>
    [JsonStringEnumMemberName("dollarBrace")]
    DollarBrace,

    /// <summary>Written <c>${NAME}</c>; <c>$NAME</c> is read too (Gemini CLI).</summary>
    [JsonStringEnumMemberName("dollarBraceOrBare")]
    DollarBraceOrBare,

    /// <summary><c>{env:NAME}</c> (OpenCode).</summary>
    [JsonStringEnumMemberName("braceEnvColon")]
    BraceEnvColon,
}
