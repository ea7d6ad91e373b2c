using System.Text.RegularExpressions;
using McpOrchestrator.Core.Clients;
using McpOrchestrator.Core.Configs;
using McpOrchestrator.Core.Diff;
using McpOrchestrator.Core.Formats;
using McpOrchestrator.Core.Registry;

namespace McpOrchestrator.Core.Drafts;

/// <summary>
/// Recognises imported servers as registry servers. A stdio server matches a stdio registry entry with the same
/// command whose args templates, with <c>{param}</c> placeholders as wildcards (args naming an unset optional parameter
/// may be absent), produce exactly its args; a remote server matches an entry of the same transport whose URL template
/// produces its URL (header values supply further parameters); an <c>npx -y mcp-remote &lt;url&gt;</c> bridge matches
/// a remote entry with <c>wrapRemote</c>. A candidate is accepted only if resolving the resulting entry for the file's
/// client gives back exactly what was imported, so a match never changes what the client runs. Extracted values equal
/// to a default are left out. Anything else becomes an inline entry.
/// </summary>
internal static class ImportMatcher
{
    public static DraftEntry Match(ServerConfig imported, IReadOnlyList<ServerDefinition> registry, ClientDefinition client)
    {
        var wrappedUrl = BridgedUrl(imported);
        var candidates = new List<(ServerDefinition Server, Dictionary<string, string> Values, int Literal, bool Wrap)>();
        foreach (var server in registry)
        {
            if (imported.Transport == Transport.Stdio && server.Transport == Transport.Stdio
                && string.Equals(server.Command, imported.Command, StringComparison.Ordinal))
            {
                if (MatchArgs(server, imported.Args) is { } values)
                {
                    candidates.Add((server, values, server.Args.Sum(a => a.Length), false));
                }
            }
            else if (server.IsRemote && server.Url is not null)
            {
                var (url, headers, wrap) = imported.Transport == server.Transport
                    ? (imported.Url, imported.Headers, false)
                    : wrappedUrl is { } bridged && imported.Transport == Transport.Stdio
                        ? (bridged.Url, bridged.Headers, true)
                        : (null, null, false);
                if (url is not null && headers is not null && url.StartsWith(LiteralPrefix(server.Url), StringComparison.Ordinal)
                    && MatchRemote(server, url, headers) is { } values)
                {
                    candidates.Add((server, values, server.Url.Length, wrap));
                }
            }
        }

        foreach (var (server, values, _, wrap) in candidates
                     .OrderByDescending(c => c.Literal)
                     .ThenByDescending(c => c.Server.BuiltIn)
                     .ThenBy(c => c.Server.Id, StringComparer.Ordinal))
        {
            var parameters = values
                .Where(v => server.FindParameter(v.Key) is not { } p || !string.Equals(p.Default, v.Value, StringComparison.Ordinal))
                .ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal);
            var entry = new DraftEntry
            {
                Name = imported.Name,
                ServerId = server.Id,
                Params = parameters,
                Env = imported.Env,
                Tools = imported.Tools,
                WrapRemote = wrap,
            };
            if (Reproduces(entry, server, client, imported))
            {
                return entry;
            }
        }

        return new DraftEntry
        {
            Name = imported.Name,
            Tools = imported.Tools,
            Inline = imported with { Tools = null, ServerId = null },
        };
    }

    private static bool Reproduces(DraftEntry entry, ServerDefinition server, ClientDefinition client, ServerConfig imported)
    {
        // Env is copied as it is; fill required variables the file lacks so that only the shape is judged here.
        var env = new Dictionary<string, string>(entry.Env, StringComparer.Ordinal);
        foreach (var variable in server.Env.Required)
        {
            env.TryAdd(variable.Name, "x");
        }

        var resolution = ServerResolver.Resolve(entry with { Env = env }, server, client);
        if (resolution.Config is null)
        {
            return false;
        }

        var carried = NativeConfigFormats.Carried(resolution.Config with { Env = imported.Env }, client) with { ServerId = null };
        return ConfigDiffer.Compare(carried, imported with { ServerId = null }).Count == 0;
    }

    private static Dictionary<string, string>? MatchArgs(ServerDefinition server, IReadOnlyList<string> args)
    {
        var groups = GroupNames(server);
        var patterns = server.Args.Select(a => (Template: a, Pattern: Placeholders.ToPattern(a, groups))).ToList();
        var optional = server.Parameters.Where(p => !p.Required && p.Default is null).Select(p => p.Name).ToHashSet(StringComparer.Ordinal);

        Dictionary<string, string>? Walk(int t, int a, Dictionary<string, string> values)
        {
            if (t == patterns.Count)
            {
                return a == args.Count ? values : null;
            }

            var names = Placeholders.Names(patterns[t].Template);
            if (a < args.Count && Capture(patterns[t].Pattern, args[a], groups, values) is { } next && Walk(t + 1, a + 1, next) is { } done)
            {
                return done;
            }

            return names.Count > 0 && names.Any(optional.Contains) ? Walk(t + 1, a, values) : null;
        }

        return Walk(0, 0, new Dictionary<string, string>(StringComparer.Ordinal));
    }

    private static Dictionary<string, string>? MatchRemote(ServerDefinition server, string url, IReadOnlyDictionary<string, string> headers)
    {
        var groups = GroupNames(server);
        var values = Capture(Placeholders.ToPattern(server.Url!, groups), url, groups, new Dictionary<string, string>(StringComparer.Ordinal));
        if (values is null)
        {
            return null;
        }

        foreach (var (header, template) in server.Headers)
        {
            var value = headers.FirstOrDefault(h => string.Equals(h.Key, header, StringComparison.OrdinalIgnoreCase)).Value;
            if (value is null)
            {
                continue;
            }

            values = Capture(Placeholders.ToPattern(template, groups), value, groups, values);
            if (values is null)
            {
                return null;
            }
        }

        return values;
    }

    /// <summary>Binds the placeholders of one template to the text it must produce; null when it cannot, or when a
    /// value disagrees with one bound earlier.</summary>
    private static Dictionary<string, string>? Capture(Regex pattern, string text, IReadOnlyDictionary<string, string> groups, Dictionary<string, string> values)
    {
        Match match;
        try
        {
            match = pattern.Match(text);
        }
        catch (RegexMatchTimeoutException)
        {
            return null;
        }

        if (!match.Success)
        {
            return null;
        }

        var next = new Dictionary<string, string>(values, StringComparer.Ordinal);
        foreach (var (parameter, group) in groups)
        {
            if (match.Groups[group] is { Success: true } captured)
            {
                if (next.TryGetValue(parameter, out var earlier) && earlier != captured.Value)
                {
                    return null;
                }

                next[parameter] = captured.Value;
            }
        }

        return next;
    }

    private static string LiteralPrefix(string template)
    {
        var brace = template.IndexOf('{', StringComparison.Ordinal);
        return brace < 0 ? template : template[..brace];
    }

    /// <summary>Regex group names for parameter names (which may not be valid group names as they are).</summary>
    private static Dictionary<string, string> GroupNames(ServerDefinition server) =>
        server.Parameters.Select((p, i) => (p.Name, Group: "p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .ToDictionary(x => x.Name, x => x.Group, StringComparer.Ordinal);

    /// <summary>The URL and headers of an <c>npx -y mcp-remote &lt;url&gt; [--header "Name: value"]…</c> bridge.</summary>
    private static (string Url, IReadOnlyDictionary<string, string> Headers)? BridgedUrl(ServerConfig server)
    {
        if (server.Transport != Transport.Stdio || server.Command != ServerResolver.BridgeCommand || server.Args.Count < 3
            || server.Args[0] != "-y" || server.Args[1] != ServerResolver.BridgePackage)
        {
            return null;
        }

        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 3; i < server.Args.Count; i += 2)
        {
            if (server.Args[i] != "--header" || i + 1 >= server.Args.Count)
            {
                return null;
            }

            var header = server.Args[i + 1];
            var colon = header.IndexOf(": ", StringComparison.Ordinal);
            if (colon <= 0)
            {
                return null;
            }

            headers[header[..colon]] = header[(colon + 2)..];
        }

        return (server.Args[2], headers);
    }
}
