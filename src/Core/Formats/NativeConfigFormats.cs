using McpOrchestrator.Core.Clients;
using McpOrchestrator.Core.Configs;
using McpOrchestrator.Core.Formats.Documents;
using McpOrchestrator.Core.Formats.Json;
using McpOrchestrator.Core.Formats.Toml;
using McpOrchestrator.Core.Formats.Yaml;
using McpOrchestrator.Core.Problems;

namespace McpOrchestrator.Core.Formats;

/// <summary>
/// Renders server entries as the config file a client reads and imports such files back, for every client of the
/// catalog, from the data in its <see cref="NativeFormat"/>.
/// <list type="bullet">
/// <item>Render is deterministic: entries in ordinal name order, map keys in a fixed order, pretty-printed as the
/// client's docs show it. It never writes what the client cannot read: a transport the client does not accept is
/// refused (<c>transport_not_supported</c>; wrapping a remote server in mcp-remote happens before rendering), as are
/// headers it has no place for (<c>headers_not_supported</c>), duplicate names and entries that break
/// <see cref="ServerConfig"/>'s invariants. What a client cannot carry (see <see cref="CarriedFields"/>: tool
/// filters without native keys, env on remote entries, a registry server id) is dropped.</item>
/// <item><c>${env:NAME}</c> is written in the client's variable syntax and read back from it; clients that expand
/// nothing get references verbatim (the machine that writes the file substitutes them); <c>${secret:NAME}</c> is
/// always verbatim.</item>
/// <item>Import accepts what real files contain and answers 400 problems, never other exceptions:
/// <c>invalid_import</c> (malformed text with line and column, or malformed entries with their paths),
/// <c>import_format_mismatch</c>, <c>unrecognized_import_format</c>, <c>invalid_entry_name</c>. Names are
/// normalised to ids (<see cref="EntryNames"/>).</item>
/// <item>For every client and every entry it accepts, <c>Import(Render([x]))</c> equals <see cref="Carried"/>(x)
/// when every value of x is carried (<see cref="CanCarryValue"/>).</item>
/// </list>
/// </summary>
public sealed class NativeConfigFormats(ClientCatalog catalog)
{
    /// <summary>The complete text of <paramref name="client"/>'s config file holding <paramref name="servers"/>.
    /// For files the client shares with other settings (Zed, Claude Code, Gemini CLI, Amp, Codex, Goose, Continue)
    /// this is the document with only the servers (and the client's fixed fields); merging it into an existing file
    /// is the writer's job.</summary>
    public string Render(IReadOnlyList<ServerConfig> servers, ClientDefinition client)
    {
        ArgumentNullException.ThrowIfNull(servers);
        ArgumentNullException.ThrowIfNull(client);
        var document = new ClientDialect(client, catalog).Render(servers);
        return client.Format.Syntax switch
        {
            FormatSyntax.Toml => TomlConfigWriter.Write(document),
            FormatSyntax.Yaml => YamlConfigWriter.Write(document),
            _ => JsonConfigWriter.Write(document),
        };
    }

    /// <summary>The servers in <paramref name="content"/>, a config file of <paramref name="client"/>, in ordinal
    /// name order.</summary>
    public IReadOnlyList<ServerConfig> Import(string content, ClientDefinition client)
    {
        ArgumentNullException.ThrowIfNull(client);
        var text = Prepare(content, client);
        var document = Parse(text, client, client.Format.Syntax);
        var (servers, issues) = new ClientDialect(client, catalog).Import(document);
        return issues.Count > 0 ? throw new ProblemException(FormatProblems.InvalidEntries(client, issues)) : servers;
    }

    /// <summary>The servers in <paramref name="content"/>, a config file of any client of the catalog
    /// (<see cref="Detect"/>).</summary>
    public IReadOnlyList<ServerConfig> ImportAny(string content) => Import(content, Detect(content));

    /// <summary>The client whose file <paramref name="content"/> is: tried as JSON (comments allowed), then TOML, then
    /// YAML, and told apart by its server collection. Answers <c>unrecognized_import_format</c> when no client
    /// matches.</summary>
    public ClientDefinition Detect(string content)
    {
        var text = Prepare(content, null);
        var attempts = new List<string>();
        foreach (var syntax in (FormatSyntax[])[FormatSyntax.Json, FormatSyntax.Toml, FormatSyntax.Yaml])
        {
            ConfigNode? document;
            try
            {
                document = ParseOrThrow(text, syntax);
            }
            catch (DocumentException ex)
            {
                attempts.Add($"as {syntax.ToString().ToUpperInvariant()}, {ex.Reason} at {ex.Position}");
                continue;
            }

            if (document is not ConfigMap map)
            {
                attempts.Add($"as {syntax.ToString().ToUpperInvariant()} it is {document?.KindName ?? "empty"}, not a map of settings");
                continue;
            }

            var client = syntax == FormatSyntax.Toml ? FormatDetector.FromToml(map, catalog) : FormatDetector.FromDocument(map, catalog);
            if (client is not null)
            {
                return client;
            }

            attempts.Add($"as {syntax.ToString().ToUpperInvariant()} it has none of the keys mcpServers, servers, context_servers, mcp, amp.mcpServers, mcp_servers or extensions");
        }

        throw new ProblemException(FormatProblems.Unrecognized(string.Join("; ", attempts)));
    }

    /// <summary>What of <paramref name="server"/> survives <paramref name="client"/>'s file: the server as an import of
    /// its rendering gives it back.</summary>
    public static ServerConfig Carried(ServerConfig server, ClientDefinition client)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(client);
        return new ClientDialect(client).Carried(server);
    }

    /// <summary>False when <paramref name="client"/> would read part of a literal <paramref name="value"/> as one of
    /// its own variable references (<c>${HOME}</c> for Claude Code, <c>$HOME</c> for Gemini CLI,
    /// <c>{env:HOME}</c> for OpenCode): such a value does not survive the client's file unchanged.</summary>
    public static bool CanCarryValue(string value, ClientDefinition client)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(client);
        return VariableTranslator.IsCarried(value, client.Format.Variables);
    }

    private static string Prepare(string? content, ClientDefinition? client)
    {
        var text = content is { Length: > 0 } && content[0] == '\uFEFF' ? content[1..] : content;
        return text is null || text.Trim().Length == 0 ? throw new ProblemException(FormatProblems.Empty(client)) : text;
    }

    private static ConfigNode? Parse(string text, ClientDefinition client, FormatSyntax syntax)
    {
        try
        {
            return ParseOrThrow(text, syntax);
        }
        catch (DocumentException ex)
        {
            var position = ex.Position.IsKnown ? ex.Position : new TextPosition(1, 1);
            throw new ProblemException(FormatProblems.Malformed(client, syntax, ex.Reason, position.Line, position.Column));
        }
    }

    private static ConfigNode? ParseOrThrow(string text, FormatSyntax syntax) => syntax switch
    {
        FormatSyntax.Toml => TomlConfigReader.Read(text),
        FormatSyntax.Yaml => YamlConfigReader.Read(text),
        _ => JsonConfigReader.Read(text),
    };
}
