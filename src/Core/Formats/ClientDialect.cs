using System.Text.RegularExpressions;
using McpOrchestrator.Core.Clients;
using McpOrchestrator.Core.Configs;
using McpOrchestrator.Core.Formats.Documents;
using McpOrchestrator.Core.Problems;

namespace McpOrchestrator.Core.Formats;

/// <summary>Maps server entries to and from a syntax-neutral document by one client's <see cref="NativeFormat"/>.
/// Render refuses what the client cannot read; import is tolerant of what real files contain (unknown keys and
/// other top-level settings ignored, every client's transport labels and URL keys understood; skipped: entries marked
/// <c>enabled: false</c> or <c>disabled: true</c>, Goose's in-process extensions, Zed's extension-provided servers)
/// and reports every malformed entry at once.</summary>
internal sealed partial class ClientDialect(ClientDefinition client, ClientCatalog? catalog = null)
{
    /// <summary>Top-level keys under which some client keeps its servers; finding one of these instead of the
    /// client's own means the content is another client's file.</summary>
    internal static readonly string[] KnownCollectionKeys = ["mcpServers", "servers", "context_servers", "mcp", "amp.mcpServers", "mcp_servers", "extensions"];

    private const string ServerIdKey = "serverId";

    private NativeFormat Format => client.Format;

    public ConfigMap Render(IReadOnlyList<ServerConfig> servers)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var server in servers)
        {
            Check(server);
            if (!seen.Add(server.Name))
            {
                throw new ProblemException(FormatProblems.DuplicateServerName(server.Name));
            }
        }

        var root = new ConfigMap();
        foreach (var field in Format.DocumentFields)
        {
            root.Set(field.Key, Fixed(field));
        }

        var parent = root;
        foreach (var key in Format.CollectionPath.Take(Format.CollectionPath.Count - 1))
        {
            var next = new ConfigMap();
            parent.Set(key, next);
            parent = next;
        }

        var ordered = servers.OrderBy(s => s.Name, StringComparer.Ordinal);
        if (Format.Shape == CollectionShape.NamedList)
        {
            var list = new ConfigList();
            list.Items.AddRange(ordered.Select(RenderEntry));
            parent.Set(Format.CollectionPath[^1], list);
        }
        else
        {
            var map = new ConfigMap();
            foreach (var server in ordered)
            {
                map.Set(server.Name, RenderEntry(server));
            }

            parent.Set(Format.CollectionPath[^1], map);
        }

        return root;
    }

    /// <summary>The parts of <paramref name="server"/> this client's file holds (see <see cref="CarriedFields"/>).</summary>
    public ServerConfig Carried(ServerConfig server)
    {
        var carries = Format.Carries;
        var remote = server.Transport != Transport.Stdio;
        var include = carries.ToolInclude ? server.Tools?.Include ?? [] : [];
        if (Format.ToolFilters?.AllTools is { } all && include.Contains(all, StringComparer.Ordinal))
        {
            include = [];
        }

        var exclude = carries.ToolExclude ? server.Tools?.Exclude ?? [] : [];
        return server with
        {
            Command = remote ? null : server.Command,
            Args = remote ? [] : server.Args,
            Url = remote ? server.Url : null,
            Env = remote && !carries.RemoteEnv ? new Dictionary<string, string>() : server.Env,
            Headers = remote ? server.Headers : new Dictionary<string, string>(),
            Tools = include.Count == 0 && exclude.Count == 0 ? null : new ToolFilter { Include = include, Exclude = exclude },
            ServerId = carries.ServerId ? server.ServerId : null,
        };
    }

    private void Check(ServerConfig server)
    {
        if (server is null)
        {
            throw new ProblemException(FormatProblems.InvalidServerConfig("(null)", "the entry is missing"));
        }

        var name = server.Name ?? string.Empty;
        if (!EntryNames.IsValid(name))
        {
            throw new ProblemException(FormatProblems.InvalidServerConfig(
                EntryNames.Normalize(name) ?? "(unnamed)",
                "its name is not an id (^[a-z0-9][a-z0-9._-]{0,63}$)"));
        }

        if (server.Transport == Transport.Stdio)
        {
            if (string.IsNullOrWhiteSpace(server.Command))
            {
                throw new ProblemException(FormatProblems.InvalidServerConfig(name, "a stdio server needs a command"));
            }

            if (server.Url is not null)
            {
                throw new ProblemException(FormatProblems.InvalidServerConfig(name, "a stdio server has no URL"));
            }
        }
        else
        {
            if (string.IsNullOrWhiteSpace(server.Url))
            {
                throw new ProblemException(FormatProblems.InvalidServerConfig(name, $"a {FormatProblems.Describe(server.Transport)} server needs a URL"));
            }

            if (server.Command is not null || server.Args.Count > 0)
            {
                throw new ProblemException(FormatProblems.InvalidServerConfig(name, "a remote server has no command or args"));
            }
        }

        if (!client.Accepts(server.Transport))
        {
            throw new ProblemException(FormatProblems.TransportNotSupported(name, server.Transport, client));
        }

        if (server.Transport != Transport.Stdio && server.Headers.Count > 0 && !Format.Carries.HeaderTransports.Contains(server.Transport))
        {
            throw new ProblemException(FormatProblems.HeadersNotSupported(name, server.Transport, client));
        }

        IEnumerable<string?> texts =
        [
            server.Command, server.Url, server.ServerId, .. server.Args,
            .. server.Env.Keys, .. server.Env.Values, .. server.Headers.Keys, .. server.Headers.Values,
            .. server.Tools?.Include ?? [], .. server.Tools?.Exclude ?? [],
        ];
        foreach (var text in texts)
        {
            if (text is not null && !IsWellFormedUnicode(text))
            {
                throw new ProblemException(FormatProblems.InvalidServerConfig(name, "a value holds text that is not valid Unicode (a lone surrogate)"));
            }
        }

        if (server.Env.Values.Any(v => v is null) || server.Headers.Values.Any(v => v is null) || server.Args.Any(a => a is null))
        {
            throw new ProblemException(FormatProblems.InvalidServerConfig(name, "an arg, env or header value is null"));
        }
    }

    private ConfigMap RenderEntry(ServerConfig server)
    {
        var entry = new ConfigMap();
        if (Format.NameKey is { } nameKey)
        {
            entry.Set(nameKey, ConfigScalar.String(server.Name));
        }

        if (Format.TypeKey is { } typeKey && Format.Labels.For(server.Transport) is { } label)
        {
            entry.Set(typeKey, ConfigScalar.String(label));
        }

        if (server.Transport == Transport.Stdio)
        {
            var command = Out(server.Command!);
            var args = server.Args.Select(Out);
            if (Format.Command == CommandStyle.Array)
            {
                entry.Set(Format.CommandKey, StringList([command, .. args]));
            }
            else
            {
                entry.Set(Format.CommandKey, ConfigScalar.String(command));
                entry.Set(Format.ArgsKey, StringList(args));
            }

            RenderEnv(entry, server.Env);
        }
        else
        {
            entry.Set(server.Transport == Transport.Http ? Format.HttpUrlKey : Format.SseUrlKey, ConfigScalar.String(Out(server.Url!)));
            RenderHeaders(entry, server.Headers);
            if (Format.EnvOnRemote)
            {
                RenderEnv(entry, server.Env);
            }
        }

        RenderTools(entry, server.Tools);
        if (Format.CarriesServerId && server.ServerId is not null)
        {
            entry.Set(ServerIdKey, ConfigScalar.String(server.ServerId));
        }

        foreach (var field in Format.EntryFields)
        {
            entry.Set(field.Key, Fixed(field));
        }

        return entry;
    }

    private void RenderEnv(ConfigMap entry, IReadOnlyDictionary<string, string> env)
    {
        var values = new ConfigMap();
        var forwarded = new List<string>();
        foreach (var (key, value) in env.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            if (Format.ForwardedEnvKey is not null && VariableTranslator.WholeEnvReference(value) == key)
            {
                forwarded.Add(key);
            }
            else
            {
                values.Set(key, ConfigScalar.String(Out(value)));
            }
        }

        if (values.Count > 0)
        {
            entry.Set(Format.EnvKey, values);
        }

        if (forwarded.Count > 0)
        {
            entry.Set(Format.ForwardedEnvKey!, StringList(forwarded));
        }
    }

    private void RenderHeaders(ConfigMap entry, IReadOnlyDictionary<string, string> headers)
    {
        var plain = new ConfigMap { Inline = true };
        var fromEnv = new ConfigMap { Inline = true };
        foreach (var (key, value) in headers.OrderBy(h => h.Key, StringComparer.Ordinal))
        {
            if (Format.BearerTokenEnvVarKey is { } bearerKey && key == "Authorization" && BearerEnvReference().Match(value) is { Success: true } bearer)
            {
                entry.Set(bearerKey, ConfigScalar.String(bearer.Groups[1].Value));
            }
            else if (Format.EnvHeadersKey is not null && VariableTranslator.WholeEnvReference(value) is { } variable)
            {
                fromEnv.Set(key, ConfigScalar.String(variable));
            }
            else
            {
                plain.Set(key, ConfigScalar.String(Out(value)));
            }
        }

        if (plain.Count > 0)
        {
            var parent = entry;
            foreach (var key in Format.HeadersPath.Take(Format.HeadersPath.Count - 1))
            {
                var next = new ConfigMap { Inline = true };
                parent.Set(key, next);
                parent = next;
            }

            parent.Set(Format.HeadersPath[^1], plain);
        }

        if (fromEnv.Count > 0)
        {
            entry.Set(Format.EnvHeadersKey!, fromEnv);
        }
    }

    private void RenderTools(ConfigMap entry, ToolFilter? tools)
    {
        if (Format.ToolFilters is not { } keys)
        {
            return;
        }

        var include = tools?.Include ?? [];
        var exclude = tools?.Exclude ?? [];
        if (keys.ObjectKey is { } objectKey)
        {
            if (include.Count == 0 && exclude.Count == 0)
            {
                return;
            }

            var filter = new ConfigMap { Inline = true };
            if (include.Count > 0)
            {
                filter.Set("include", StringList(include));
            }

            if (exclude.Count > 0)
            {
                filter.Set("exclude", StringList(exclude));
            }

            entry.Set(objectKey, filter);
            return;
        }

        if (keys.IncludeKey is { } includeKey)
        {
            if (include.Count > 0)
            {
                entry.Set(includeKey, StringList(include));
            }
            else if (keys.AllTools is { } all)
            {
                entry.Set(includeKey, StringList([all]));
            }
        }

        if (keys.ExcludeKey is { } excludeKey && exclude.Count > 0)
        {
            entry.Set(excludeKey, StringList(exclude));
        }
    }

    private string Out(string value) => VariableTranslator.ToClient(value, Format.Variables);

    private static ConfigScalar Fixed(FixedField field) => field.Kind switch
    {
        FixedFieldKind.Boolean => new ConfigScalar(ScalarKind.Boolean, field.Value),
        FixedFieldKind.Number => new ConfigScalar(ScalarKind.Integer, field.Value),
        _ => ConfigScalar.String(field.Value),
    };

    private static ConfigList StringList(IEnumerable<string> values)
    {
        var list = new ConfigList();
        list.Items.AddRange(values.Select(ConfigScalar.String));
        return list;
    }

    private static string Shorten(string text)
    {
        var cut = text.Length > 40 ? text[..40] + "…" : text;
        return new string(cut.Select(c => char.IsControl(c) || char.IsSurrogate(c) ? '?' : c).ToArray());
    }

    internal static bool IsWellFormedUnicode(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]))
                {
                    return false;
                }

                i++;
            }
            else if (char.IsLowSurrogate(c))
            {
                return false;
            }
        }

        return true;
    }

    [GeneratedRegex(@"^Bearer \$\{env:([A-Za-z_][A-Za-z0-9_]*)\}\z", RegexOptions.CultureInvariant)]
    private static partial Regex BearerEnvReference();
}
