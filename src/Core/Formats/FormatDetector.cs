using McpOrchestrator.Core.Clients;
using McpOrchestrator.Core.Formats.Documents;

namespace McpOrchestrator.Core.Formats;

/// <summary>Tells which client a parsed document belongs to from its top-level key and, for the many clients that
/// share <c>mcpServers</c>, from keys and labels only one of them uses. Where nothing tells them apart, the shape is
/// read as Claude Desktop's when every entry is stdio and as Cursor's otherwise (both read the common shape with no
/// variable syntax of their own that would change a value).</summary>
internal static class FormatDetector
{
    public static ClientDefinition? FromDocument(ConfigMap document, ClientCatalog catalog)
    {
        var id = JsonLikeClientId(document);
        return id is null ? null : catalog.Find(id);
    }

    /// <summary>The client of a TOML document with <c>[mcp_servers]</c>: Codex, the only TOML client.</summary>
    public static ClientDefinition? FromToml(ConfigMap document, ClientCatalog catalog) =>
        document.Get("mcp_servers") is ConfigMap ? catalog.Find("codex") : null;

    private static string? JsonLikeClientId(ConfigMap document)
    {
        if (document.Get("extensions") is ConfigMap)
        {
            return "goose";
        }

        if (document.Get("mcpServers") is ConfigList)
        {
            return "continue";
        }

        if (document.Get("mcp_servers") is ConfigMap)
        {
            return "codex";
        }

        if (document.Get("servers") is ConfigMap || document.Get("mcp") is ConfigMap { } legacy && legacy.Get("servers") is ConfigMap)
        {
            return "vscode";
        }

        if (document.ContainsKey("context_servers"))
        {
            return "zed";
        }

        if (document.ContainsKey("amp.mcpServers"))
        {
            return "amp";
        }

        if (document.Get("mcpServers") is ConfigMap servers)
        {
            return McpServersClientId(document, Entries(servers));
        }

        if (document.Get("mcp") is ConfigMap mcp && Entries(mcp).Any(e => e.Get("type") is ConfigScalar { Text: "local" or "remote" } || e.Get("command") is ConfigList))
        {
            return "opencode";
        }

        return null;
    }

    private static string McpServersClientId(ConfigMap document, List<ConfigMap> entries)
    {
        bool Any(Func<ConfigMap, bool> test) => entries.Any(test);
        bool TypeIs(ConfigMap e, string label) => e.Get("type") is ConfigScalar { Kind: ScalarKind.String } s && s.Text == label;

        if (Any(e => e.ContainsKey("serverId") || e.Get("tools") is ConfigMap))
        {
            return ClientCatalog.OrchestratorClientId;
        }

        if (Any(e => e.ContainsKey("httpUrl") || e.ContainsKey("includeTools") || e.ContainsKey("excludeTools") || e.ContainsKey("trust"))
            || document.Get("mcp") is ConfigMap gemini && (gemini.ContainsKey("allowed") || gemini.ContainsKey("excluded")))
        {
            return "gemini-cli";
        }

        if (Any(e => e.ContainsKey("serverUrl")))
        {
            return "windsurf";
        }

        if (Any(e => TypeIs(e, "streamableHttp") || e.ContainsKey("autoApprove") || e.ContainsKey("alwaysAllow")))
        {
            return "cline";
        }

        if (Any(e => TypeIs(e, "local") || e.Get("tools") is ConfigList))
        {
            return "copilot-cli";
        }

        if (document.ContainsKey("projects") || Any(e => e.ContainsKey("type") && !TypeIs(e, "sse")))
        {
            return "claude-code";
        }

        return Any(e => !e.ContainsKey("command") && !e.ContainsKey("cmd")) ? "cursor" : "claude-desktop";
    }

    private static List<ConfigMap> Entries(ConfigMap collection) => collection.Entries.Select(e => e.Value).OfType<ConfigMap>().ToList();
}
