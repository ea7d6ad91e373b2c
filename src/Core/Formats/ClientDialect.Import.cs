using System.Text.RegularExpressions;
using McpOrchestrator.Core.Clients;
using McpOrchestrator.Core.Configs;
using McpOrchestrator.Core.Formats.Documents;
using McpOrchestrator.Core.Problems;

namespace McpOrchestrator.Core.Formats;

/// <summary>Import: a document back to server entries (see <see cref="ClientDialect"/>).</summary>
internal sealed partial class ClientDialect
{
    /// <summary>Goose's in-process extensions: not MCP servers a file can describe, skipped on import.</summary>
    private static readonly HashSet<string> InProcessTypes = new(StringComparer.Ordinal) { "builtin", "platform", "frontend", "inline_python" };

    private static readonly Dictionary<string, Transport> TransportAliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["stdio"] = Transport.Stdio,
        ["local"] = Transport.Stdio,
        ["http"] = Transport.Http,
        ["streamable-http"] = Transport.Http,
        ["streamableHttp"] = Transport.Http,
        ["streamable_http"] = Transport.Http,
        ["streamable"] = Transport.Http,
        ["remote"] = Transport.Http,
        ["sse"] = Transport.Sse,
    };

    private static readonly string[] UrlAliases = ["url", "serverUrl", "httpUrl", "uri"];

    private static readonly string[] EnvAliases = ["env", "envs", "environment"];

    /// <summary>The entries of <paramref name="root"/>, or the issues that make it unreadable.</summary>
    public (IReadOnlyList<ServerConfig> Servers, IReadOnlyList<ImportIssue> Issues) Import(ConfigNode? root)
    {
        var issues = new List<ImportIssue>();
        if (root is null or ConfigScalar { Kind: ScalarKind.Null })
        {
            return ([], issues);
        }

        if (root is not ConfigMap document)
        {
            issues.Add(Issue("(document)", root, $"the document is {root.KindName}; a {client.DisplayName} config is a map of settings"));
            return ([], issues);
        }

        var (collection, path) = FindCollection(document);
        if (collection is null or ConfigScalar { Kind: ScalarKind.Null })
        {
            var foreign = KnownCollectionKeys.FirstOrDefault(k => document.ContainsKey(k) && !Format.CollectionPath.SequenceEqual([k]));
            if (collection is null && foreign is not null)
            {
                throw new ProblemException(FormatProblems.Mismatch(client, foreign, catalog is null ? null : FormatDetector.FromDocument(document, catalog)));
            }

            return ([], issues);
        }

        var raw = new List<(string Name, string Path, ServerConfig Server)>();
        if (Format.Shape == CollectionShape.NamedList)
        {
            if (collection is not ConfigList list)
            {
                issues.Add(Issue(path, collection, $"must be a list of servers, each with '{Format.NameKey}', found {collection.KindName}"));
                return ([], issues);
            }

            for (var i = 0; i < list.Items.Count; i++)
            {
                var entryPath = $"{path}[{i}]";
                var item = list.Items[i];
                if (item is not ConfigMap entry)
                {
                    issues.Add(Issue(entryPath, item, $"must be a server (a map), found {item.KindName}"));
                    continue;
                }

                var name = Text(entry, Format.NameKey!, entryPath, issues, required: true);
                if (name is not null && ImportEntry(name, entry, entryPath, issues) is { } server)
                {
                    raw.Add((name, entryPath, server));
                }
            }
        }
        else
        {
            if (collection is not ConfigMap map)
            {
                issues.Add(Issue(path, collection, $"must be a map from server name to server, found {collection.KindName}"));
                return ([], issues);
            }

            foreach (var (name, node) in map.Entries)
            {
                var entryPath = PathOf(path, name);
                if (node is not ConfigMap entry)
                {
                    issues.Add(Issue(entryPath, node, $"must be a server (a map), found {node.KindName}"));
                    continue;
                }

                if (ImportEntry(name, entry, entryPath, issues) is { } server)
                {
                    raw.Add((name, entryPath, server));
                }
            }
        }

        if (issues.Count > 0)
        {
            return ([], issues);
        }

        var taken = new HashSet<string>(StringComparer.Ordinal);
        var servers = new List<ServerConfig>(raw.Count);
        foreach (var (name, entryPath, server) in raw.Where(r => EntryNames.IsValid(r.Name)).Concat(raw.Where(r => !EntryNames.IsValid(r.Name))))
        {
            var normalized = EntryNames.Normalize(name) ?? throw new ProblemException(FormatProblems.UnusableName(client, entryPath, name));
            var unique = EntryNames.Unique(normalized, taken);
            taken.Add(unique);
            servers.Add(server with { Name = unique });
        }

        servers.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return (servers, issues);
    }

    private (ConfigNode? Collection, string Path) FindCollection(ConfigMap document)
    {
        foreach (var path in (IEnumerable<IReadOnlyList<string>>)[Format.CollectionPath, .. Format.LegacyCollectionPaths])
        {
            ConfigNode? node = document;
            foreach (var key in path)
            {
                node = node is ConfigMap map ? map.Get(key) : null;
            }

            if (node is not null)
            {
                return (node, DisplayPath(path));
            }
        }

        return (null, DisplayPath(Format.CollectionPath));
    }

    private ServerConfig? ImportEntry(string name, ConfigMap entry, string path, List<ImportIssue> issues)
    {
        var before = issues.Count;
        if (IsDisabled(entry) || IsProvidedByExtension(entry))
        {
            return null;
        }

        Transport? labelled = null;
        var typeKey = Format.TypeKey ?? "type";
        if (entry.Get(typeKey) is { } typeNode)
        {
            var label = AsText(typeNode);
            if (label is not null && InProcessTypes.Contains(label))
            {
                return null;
            }

            if (label is not null && TransportAliases.TryGetValue(label, out var known))
            {
                labelled = known;
            }
            else
            {
                issues.Add(Issue(PathOf(path, typeKey), typeNode, $"'{Shorten(label ?? typeNode.KindName)}' is not a transport this importer knows (stdio, local, http, streamable-http, streamableHttp, streamable_http, remote, sse)"));
                return null;
            }
        }

        var (command, args) = ReadCommand(entry, path, issues);
        var (url, urlKey) = ReadUrl(entry, path, issues);
        Transport transport;
        if (labelled is { } label2)
        {
            transport = label2;
        }
        else if (command is not null)
        {
            transport = Transport.Stdio;
        }
        else if (url is not null)
        {
            transport = urlKey == Format.HttpUrlKey && Format.HttpUrlKey != Format.SseUrlKey ? Transport.Http
                : urlKey == Format.SseUrlKey && Format.HttpUrlKey != Format.SseUrlKey ? Transport.Sse
                : Format.UntypedUrlTransport;
        }
        else
        {
            if (issues.Count == before)
            {
                issues.Add(Issue(path, entry, $"has neither a command ('{Format.CommandKey}') nor a URL ('{Format.HttpUrlKey}')"));
            }

            return null;
        }

        if (transport == Transport.Stdio && command is null)
        {
            if (issues.Count == before)
            {
                issues.Add(Issue(path, entry, $"is a stdio server without a command ('{Format.CommandKey}')"));
            }

            return null;
        }

        if (transport != Transport.Stdio && url is null)
        {
            if (issues.Count == before)
            {
                issues.Add(Issue(path, entry, $"is a remote server without a URL ('{(transport == Transport.Sse ? Format.SseUrlKey : Format.HttpUrlKey)}')"));
            }

            return null;
        }

        var remote = transport != Transport.Stdio;
        var env = !remote || Format.EnvOnRemote ? ReadEnv(entry, path, issues) : new Dictionary<string, string>(StringComparer.Ordinal);
        var headers = remote ? ReadHeaders(entry, path, issues) : new Dictionary<string, string>(StringComparer.Ordinal);
        var tools = ReadTools(entry, path, issues);
        var serverId = Format.CarriesServerId ? Text(entry, ServerIdKey, path, issues, required: false) : null;
        if (issues.Count > before)
        {
            return null;
        }

        return new ServerConfig
        {
            Name = name,
            Transport = transport,
            Command = remote ? null : command,
            Args = remote ? [] : args,
            Url = remote ? url : null,
            Env = env,
            Headers = headers,
            Tools = tools,
            ServerId = serverId,
        };
    }

    private (string? Command, IReadOnlyList<string> Args) ReadCommand(ConfigMap entry, string path, List<ImportIssue> issues)
    {
        var key = entry.ContainsKey(Format.CommandKey) ? Format.CommandKey : entry.ContainsKey("command") ? "command" : "cmd";
        var node = entry.Get(key);
        var argsPath = PathOf(path, Format.ArgsKey);
        var args = entry.Get(Format.ArgsKey) is { } argsNode ? TextList(argsNode, argsPath, issues) ?? [] : [];
        switch (node)
        {
            case null:
            case ConfigScalar { Kind: ScalarKind.Null }:
                return (null, args);
            case ConfigScalar scalar when scalar.Kind == ScalarKind.String && scalar.Text.Trim().Length > 0:
                return (In(scalar.Text, PathOf(path, key), scalar, issues), args);
            case ConfigList list:
                var parts = TextList(list, PathOf(path, key), issues);
                if (parts is null)
                {
                    return (null, args);
                }

                if (parts.Count == 0 || parts[0].Trim().Length == 0)
                {
                    issues.Add(Issue(PathOf(path, key), list, "the command list is empty; its first item is the program to run"));
                    return (null, args);
                }

                return (parts[0], [.. parts.Skip(1), .. args]);
            case ConfigMap legacy when legacy.Get("path") is ConfigScalar { Kind: ScalarKind.String } program:
                // Zed's older form: "command": { "path", "args", "env" }.
                var legacyArgs = legacy.Get("args") is { } legacyArgsNode ? TextList(legacyArgsNode, PathOf(PathOf(path, key), "args"), issues) ?? [] : [];
                if (legacy.Get("env") is ConfigMap legacyEnv && !entry.ContainsKey(Format.EnvKey))
                {
                    entry.Set(Format.EnvKey, legacyEnv);
                }

                return (In(program.Text, PathOf(PathOf(path, key), "path"), program, issues), [.. legacyArgs, .. args]);
            default:
                issues.Add(Issue(PathOf(path, key), node, $"must be the program to run (text), found {Describe(node)}"));
                return (null, args);
        }
    }

    private (string? Url, string? Key) ReadUrl(ConfigMap entry, string path, List<ImportIssue> issues)
    {
        foreach (var key in (string[])[Format.HttpUrlKey, Format.SseUrlKey, .. UrlAliases])
        {
            if (entry.Get(key) is not { } node)
            {
                continue;
            }

            if (node is ConfigScalar { Kind: ScalarKind.String } scalar && scalar.Text.Trim().Length > 0)
            {
                if (!IsHttpUrl(scalar.Text))
                {
                    issues.Add(Issue(PathOf(path, key), node, $"must be an http:// or https:// URL, found '{Shorten(scalar.Text)}'"));
                    return (null, key);
                }

                return (In(scalar.Text, PathOf(path, key), scalar, issues), key);
            }

            issues.Add(Issue(PathOf(path, key), node, $"must be the server's URL (text), found {Describe(node)}"));
            return (null, key);
        }

        return (null, null);
    }

    private Dictionary<string, string> ReadEnv(ConfigMap entry, string path, List<ImportIssue> issues)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        var key = entry.ContainsKey(Format.EnvKey) ? Format.EnvKey : EnvAliases.FirstOrDefault(entry.ContainsKey);
        if (key is not null)
        {
            ReadTextMap(entry.Get(key)!, PathOf(path, key), env, issues);
        }

        if (Format.ForwardedEnvKey is { } forwardedKey && entry.Get(forwardedKey) is { } forwardedNode)
        {
            foreach (var name in TextList(forwardedNode, PathOf(path, forwardedKey), issues, translate: false) ?? [])
            {
                env.TryAdd(name, "${env:" + name + "}");
            }
        }

        return env;
    }

    private Dictionary<string, string> ReadHeaders(ConfigMap entry, string path, List<ImportIssue> issues)
    {
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Format.HeadersPath.Count > 0)
        {
            ConfigNode? node = entry;
            foreach (var key in Format.HeadersPath)
            {
                node = node is ConfigMap map ? map.Get(key) : null;
            }

            if (node is not null)
            {
                ReadTextMap(node, PathOf(path, string.Join('.', Format.HeadersPath)), headers, issues);
            }
        }

        if (Format.EnvHeadersKey is { } envHeadersKey && entry.Get(envHeadersKey) is { } envHeaders)
        {
            var names = new Dictionary<string, string>(StringComparer.Ordinal);
            ReadTextMap(envHeaders, PathOf(path, envHeadersKey), names, issues, translate: false);
            foreach (var (header, variable) in names)
            {
                headers.TryAdd(header, "${env:" + variable + "}");
            }
        }

        if (Format.BearerTokenEnvVarKey is { } bearerKey)
        {
            if (Text(entry, bearerKey, path, issues, required: false, translate: false) is { } variable)
            {
                headers.TryAdd("Authorization", "Bearer ${env:" + variable + "}");
            }

            // Codex refuses an inline bearer_token; keep what the user meant so validation can flag the literal secret.
            if (Text(entry, "bearer_token", path, issues, required: false, translate: false) is { } token)
            {
                headers.TryAdd("Authorization", "Bearer " + token);
            }
        }

        return headers;
    }

    private ToolFilter? ReadTools(ConfigMap entry, string path, List<ImportIssue> issues)
    {
        if (Format.ToolFilters is not { } keys)
        {
            return null;
        }

        List<string> include = [];
        List<string> exclude = [];
        if (keys.ObjectKey is { } objectKey && entry.Get(objectKey) is { } filterNode)
        {
            if (filterNode is ConfigMap filter)
            {
                include = filter.Get("include") is { } i ? TextList(i, PathOf(PathOf(path, objectKey), "include"), issues, translate: false) ?? [] : [];
                exclude = filter.Get("exclude") is { } e ? TextList(e, PathOf(PathOf(path, objectKey), "exclude"), issues, translate: false) ?? [] : [];
            }
            else if (filterNode is not ConfigScalar { Kind: ScalarKind.Null })
            {
                issues.Add(Issue(PathOf(path, objectKey), filterNode, $"must be a map with 'include' and 'exclude' lists, found {filterNode.KindName}"));
            }
        }

        if (keys.IncludeKey is { } includeKey && entry.Get(includeKey) is { } includeNode)
        {
            include = TextList(includeNode, PathOf(path, includeKey), issues, translate: false) ?? [];
            if (keys.AllTools is { } all && include.Contains(all, StringComparer.Ordinal))
            {
                include = [];
            }
        }

        if (keys.ExcludeKey is { } excludeKey && entry.Get(excludeKey) is { } excludeNode)
        {
            exclude = TextList(excludeNode, PathOf(path, excludeKey), issues, translate: false) ?? [];
        }

        return include.Count == 0 && exclude.Count == 0 ? null : new ToolFilter { Include = include, Exclude = exclude };
    }

    private void ReadTextMap(ConfigNode node, string path, Dictionary<string, string> into, List<ImportIssue> issues, bool translate = true)
    {
        if (node is ConfigScalar { Kind: ScalarKind.Null })
        {
            return;
        }

        if (node is not ConfigMap map)
        {
            issues.Add(Issue(path, node, $"must be a map of names to text values, found {node.KindName}"));
            return;
        }

        foreach (var (key, value) in map.Entries)
        {
            var valuePath = PathOf(path, key);
            if (!IsWellFormedUnicode(key))
            {
                issues.Add(Issue(valuePath, value, "the name is not valid Unicode"));
                continue;
            }

            if (AsText(value) is { } text)
            {
                var translated = translate ? In(text, valuePath, value, issues) : Valid(text, valuePath, value, issues);
                if (translated is not null)
                {
                    into[key] = translated;
                }
            }
            else
            {
                issues.Add(Issue(valuePath, value, $"must be text, found {Describe(value)}"));
            }
        }
    }

    private List<string>? TextList(ConfigNode node, string path, List<ImportIssue> issues, bool translate = true)
    {
        if (node is ConfigScalar { Kind: ScalarKind.Null })
        {
            return [];
        }

        if (node is not ConfigList list)
        {
            issues.Add(Issue(path, node, $"must be a list of text values, found {Describe(node)}"));
            return null;
        }

        var result = new List<string>(list.Items.Count);
        for (var i = 0; i < list.Items.Count; i++)
        {
            var item = list.Items[i];
            var itemPath = $"{path}[{i}]";
            if (AsText(item) is { } text)
            {
                var value = translate ? In(text, itemPath, item, issues) : Valid(text, itemPath, item, issues);
                if (value is not null)
                {
                    result.Add(value);
                }
            }
            else
            {
                issues.Add(Issue(itemPath, item, $"must be text, found {Describe(item)}"));
            }
        }

        return result;
    }

    private string? Text(ConfigMap entry, string key, string path, List<ImportIssue> issues, bool required, bool translate = false)
    {
        var node = entry.Get(key);
        if (node is null or ConfigScalar { Kind: ScalarKind.Null })
        {
            if (required)
            {
                issues.Add(Issue(path, entry, $"has no '{key}'"));
            }

            return null;
        }

        if (node is ConfigScalar { Kind: ScalarKind.String } scalar)
        {
            return translate ? In(scalar.Text, PathOf(path, key), node, issues) : Valid(scalar.Text, PathOf(path, key), node, issues);
        }

        issues.Add(Issue(PathOf(path, key), node, $"must be text, found {Describe(node)}"));
        return null;
    }

    /// <summary>A value read from the file, references rewritten to the orchestrator's syntax.</summary>
    private string? In(string text, string path, ConfigNode node, List<ImportIssue> issues) =>
        Valid(text, path, node, issues) is { } valid ? VariableTranslator.FromClient(valid, Format.Variables) : null;

    private static string? Valid(string text, string path, ConfigNode node, List<ImportIssue> issues)
    {
        if (IsWellFormedUnicode(text))
        {
            return text;
        }

        issues.Add(Issue(path, node, "the text is not valid Unicode (a lone surrogate)"));
        return null;
    }

    /// <summary>An absolute http(s) URL, or one built from variable references that only the client can resolve
    /// (<c>${BASE_URL}/mcp</c>).</summary>
    private static bool IsHttpUrl(string text) =>
        text.Contains('$', StringComparison.Ordinal) || text.Contains("{env:", StringComparison.Ordinal)
        || (Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps));

    /// <summary>Scalars read as text: strings as they are, numbers and booleans as written (<c>8080</c> in args).</summary>
    private static string? AsText(ConfigNode node) => node is ConfigScalar { Kind: not ScalarKind.Null } scalar ? scalar.Text : null;

    private static bool IsDisabled(ConfigMap entry) =>
        entry.Get("enabled") is ConfigScalar { Kind: ScalarKind.Boolean, Text: "false" }
        || entry.Get("disabled") is ConfigScalar { Kind: ScalarKind.Boolean, Text: "true" };

    /// <summary>A Zed context server supplied by an installed Zed extension (<c>"source": "extension"</c>, only
    /// <c>settings</c>): the extension knows how to start it, the file does not.</summary>
    private static bool IsProvidedByExtension(ConfigMap entry) =>
        entry.Get("source") is ConfigScalar { Kind: ScalarKind.String, Text: "extension" } && !entry.ContainsKey("command") && !entry.ContainsKey("url");

    private static ImportIssue Issue(string path, ConfigNode node, string message) =>
        node.Position.IsKnown ? new(path, node.Position.Line, node.Position.Column, message) : new(path, null, null, message);

    private static string DisplayPath(IReadOnlyList<string> keys) =>
        keys.Skip(1).Aggregate(SimpleKey().IsMatch(keys[0]) ? keys[0] : $"[\"{Shorten(keys[0])}\"]", PathOf);

    private static string PathOf(string parent, string key) =>
        SimpleKey().IsMatch(key) ? $"{parent}.{key}" : $"{parent}[\"{Shorten(key.Replace("\"", "\\\"", StringComparison.Ordinal))}\"]";

    private static string Describe(ConfigNode node) => node is ConfigScalar { Kind: ScalarKind.String } s && s.Text.Trim().Length == 0 ? "empty text" : node.KindName;

    [GeneratedRegex(@"^[A-Za-z0-9_$-]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex SimpleKey();
}
