using McpOrchestrator.Core.Clients;
using McpOrchestrator.Core.Configs;
using McpOrchestrator.Core.Problems;

namespace McpOrchestrator.Core.Formats;

/// <summary>The problems of rendering and importing native client files. Validation answers
/// <see cref="TransportNotSupported"/> with the same code before anything is rendered.</summary>
public static class FormatProblems
{
    /// <summary>Content that is not well-formed in the client's syntax, or whose servers have the wrong shape.</summary>
    public const string InvalidImportCode = "invalid_import";

    /// <summary>Well-formed content that is another client's file (it holds that client's server collection, not
    /// this one's).</summary>
    public const string ImportFormatMismatchCode = "import_format_mismatch";

    /// <summary>Content that is no supported client's file (import of any format).</summary>
    public const string UnrecognizedImportFormatCode = "unrecognized_import_format";

    /// <summary>An imported server name that cannot be made an id.</summary>
    public const string InvalidEntryNameCode = "invalid_entry_name";

    public const string TransportNotSupportedCode = "transport_not_supported";

    public const string HeadersNotSupportedCode = "headers_not_supported";

    public const string InvalidServerConfigCode = "invalid_server_config";

    public const string DuplicateServerNameCode = "duplicate_server_name";

    private const int IssuesInDetail = 5;
    private const int IssuesInExtension = 50;

    /// <summary>400 <c>transport_not_supported</c>: <paramref name="client"/> cannot run
    /// <paramref name="transport"/>, so entry <paramref name="serverName"/> cannot be written for it.</summary>
    public static Problem TransportNotSupported(string serverName, Transport transport, ClientDefinition client)
    {
        ArgumentNullException.ThrowIfNull(client);
        var accepted = string.Join(", ", client.Transports.Select(Describe));
        var fix = client.CanWrapRemote && client.Accepts(Transport.Stdio)
            ? "Allow wrapping on the entry (wrapRemote: true) so it runs through the local mcp-remote stdio bridge, or remove it from this profile."
            : "Remove it from this profile, or use a server with a transport the client accepts.";
        return new Problem
        {
            Status = 400,
            Code = TransportNotSupportedCode,
            Title = "Transport not supported by the client",
            Detail = $"Server '{serverName}' uses {Describe(transport)}, which {client.DisplayName} cannot run from its config file (it accepts: {accepted}). {fix}",
            Extensions = new Dictionary<string, object?>
            {
                ["server"] = serverName,
                ["transport"] = TransportLabel(transport),
                ["clientId"] = client.Id,
            },
        };
    }

    public static Problem HeadersNotSupported(string serverName, Transport transport, ClientDefinition client) => new()
    {
        Status = 400,
        Code = HeadersNotSupportedCode,
        Title = "Headers not supported by the client",
        Detail = $"Server '{serverName}' sends HTTP headers, but {client.DisplayName} has no place for headers on {Describe(transport)} entries, and dropping them would break the server. Use the server's streamable HTTP endpoint if it has one, or remove the headers.",
        Extensions = new Dictionary<string, object?> { ["server"] = serverName, ["clientId"] = client.Id },
    };

    public static Problem InvalidServerConfig(string serverName, string reason) => new()
    {
        Status = 400,
        Code = InvalidServerConfigCode,
        Title = "Invalid server configuration",
        Detail = $"Server '{serverName}' cannot be written: {reason}.",
        Extensions = new Dictionary<string, object?> { ["server"] = serverName },
    };

    public static Problem DuplicateServerName(string serverName) => new()
    {
        Status = 409,
        Code = DuplicateServerNameCode,
        Title = "Duplicate server name",
        Detail = $"Two entries are named '{serverName}'; names are unique within a client file. Rename or remove one.",
        Extensions = new Dictionary<string, object?> { ["server"] = serverName },
    };

    internal static Problem Malformed(ClientDefinition client, FormatSyntax syntax, string reason, int line, int column) => new()
    {
        Status = 400,
        Code = InvalidImportCode,
        Title = "Invalid import content",
        Detail = $"The content is not valid {SyntaxName(syntax)} for {client.DisplayName} at line {line}, column {column}: {reason}. {SyntaxHint(syntax)}",
        Extensions = new Dictionary<string, object?>
        {
            ["clientId"] = client.Id,
            ["format"] = SyntaxName(syntax),
            ["line"] = line,
            ["column"] = column,
        },
    };

    internal static Problem Empty(ClientDefinition? client) => new()
    {
        Status = 400,
        Code = InvalidImportCode,
        Title = "Invalid import content",
        Detail = $"The content is empty. Paste the whole text of the {(client is null ? "client's" : client.DisplayName)} config file{(client is null ? string.Empty : $" ({ExampleFile(client)})")}.",
    };

    internal static Problem InvalidEntries(ClientDefinition client, IReadOnlyList<ImportIssue> issues)
    {
        var shown = string.Join("; ", issues.Take(IssuesInDetail));
        var more = issues.Count > IssuesInDetail ? $" (and {issues.Count - IssuesInDetail} more)" : string.Empty;
        return new Problem
        {
            Status = 400,
            Code = InvalidImportCode,
            Title = "Invalid import content",
            Detail = $"The {client.DisplayName} config has {issues.Count} problem{(issues.Count == 1 ? string.Empty : "s")}: {shown}{more}. Fix {(issues.Count == 1 ? "it" : "them")} and import again; nothing was imported.",
            Extensions = new Dictionary<string, object?>
            {
                ["clientId"] = client.Id,
                ["format"] = SyntaxName(client.Format.Syntax),
                ["errors"] = issues.Take(IssuesInExtension).ToList(),
            },
        };
    }

    internal static Problem Mismatch(ClientDefinition client, string foundKey, ClientDefinition? likely)
    {
        var expected = string.Join(".", client.Format.CollectionPath);
        var suggestion = likely is null ? string.Empty : $" It looks like a {likely.DisplayName} file: import it for '{likely.Id}', or use the import of any format.";
        return new Problem
        {
            Status = 400,
            Code = ImportFormatMismatchCode,
            Title = "Content is another client's format",
            Detail = $"{client.DisplayName} keeps its servers under '{expected}', but this content has '{foundKey}' instead.{suggestion}",
            Extensions = new Dictionary<string, object?> { ["clientId"] = client.Id, ["detectedClientId"] = likely?.Id },
        };
    }

    internal static Problem Unrecognized(string reason) => new()
    {
        Status = 400,
        Code = UnrecognizedImportFormatCode,
        Title = "Unrecognized import format",
        Detail = $"The content is no supported client's config file: {reason}. Supported: JSON files with mcpServers (Claude, Cursor, Windsurf, Cline, Gemini CLI, Copilot CLI, Kiro, LM Studio, Antigravity), servers (VS Code), context_servers (Zed), mcp (OpenCode) or amp.mcpServers (Amp); TOML with [mcp_servers.<name>] (Codex); YAML with mcpServers (Continue) or extensions (Goose).",
    };

    internal static Problem UnusableName(ClientDefinition client, string path, string name) => new()
    {
        Status = 400,
        Code = InvalidEntryNameCode,
        Title = "Invalid entry name",
        Detail = $"The {client.DisplayName} entry at {path} is named '{Printable(name)}', which has no letters or digits to make an id from (ids match ^[a-z0-9][a-z0-9._-]{{0,63}}$). Rename it with at least one ASCII letter or digit and import again.",
        Extensions = new Dictionary<string, object?> { ["clientId"] = client.Id, ["path"] = path },
    };

    internal static string Describe(Transport transport) => transport switch
    {
        Transport.Stdio => "stdio",
        Transport.Http => "streamable HTTP",
        Transport.Sse => "SSE",
        _ => transport.ToString(),
    };

    private static string TransportLabel(Transport transport) => transport switch
    {
        Transport.Stdio => "stdio",
        Transport.Http => "http",
        _ => "sse",
    };

    private static string SyntaxName(FormatSyntax syntax) => syntax switch
    {
        FormatSyntax.Toml => "TOML",
        FormatSyntax.Yaml => "YAML",
        _ => "JSON",
    };

    private static string SyntaxHint(FormatSyntax syntax) => syntax switch
    {
        FormatSyntax.Toml => "Check the quotes, '=' and brackets there (strings need double quotes; each key = value on its own line), and import the whole file.",
        FormatSyntax.Yaml => "Check the indentation (spaces, not tabs), the ':' after each key and the quotes there, and import the whole file.",
        _ => "Check for a missing comma, quote, colon or bracket there, and import the whole file.",
    };

    private static string ExampleFile(ClientDefinition client) => client.Paths.MacOS ?? client.Paths.Linux ?? client.Paths.Windows ?? "its config file";

    private static string Printable(string text)
    {
        var cut = text.Length > 64 ? text[..64] + "…" : text;
        return new string(cut.Select(c => char.IsControl(c) || char.IsSurrogate(c) ? '?' : c).ToArray());
    }
}
