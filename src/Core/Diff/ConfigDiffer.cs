using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using McpOrchestrator.Core.Clients;
using McpOrchestrator.Core.Configs;
using McpOrchestrator.Core.Formats;
using McpOrchestrator.Core.Problems;

namespace McpOrchestrator.Core.Diff;

/// <summary>
/// Compares two server lists. <b>Local</b> (or <c>left</c>) is what a machine has — a client file as it is on disk;
/// <b>remote</b> (or <c>right</c>) is what the service says it should have — the deployed artifact, or any payload
/// to compare against. Servers are matched by name; their fields (transport, command, args, url, headers, env, tool
/// filters — what a client file holds; the registry server id is not compared) are flattened to leaf values and
/// compared path by path, lists index by index. Output is fully ordered: names ordinally, paths segment by segment
/// (keys ordinally, list indexes numerically). Status: <c>up-to-date</c> when nothing differs, <c>diverged</c> when
/// local has a server remote lacks, otherwise <c>outdated</c>.
/// </summary>
public sealed partial class ConfigDiffer(NativeConfigFormats formats)
{
    /// <summary>Compares two lists; 400 <c>invalid_payload</c> for a null or unnamed server, <c>duplicate_name</c> for a
    /// name given twice on one side.</summary>
    public static ConfigDiff Diff(IReadOnlyList<ServerConfig> local, IReadOnlyList<ServerConfig> remote)
    {
        var left = Index(local, "local");
        var right = Index(remote, "remote");
        var added = right.Keys.Where(name => !left.ContainsKey(name)).Order(StringComparer.Ordinal).ToList();
        var removed = left.Keys.Where(name => !right.ContainsKey(name)).Order(StringComparer.Ordinal).ToList();
        var modified = new List<ServerDiff>();
        var unchanged = new List<string>();
        foreach (var name in left.Keys.Where(right.ContainsKey).Order(StringComparer.Ordinal))
        {
            var changes = Compare(left[name], right[name]);
            if (changes.Count == 0)
            {
                unchanged.Add(name);
            }
            else
            {
                modified.Add(new ServerDiff { Name = name, Changes = changes });
            }
        }

        var status = added.Count + removed.Count + modified.Count == 0 ? DiffStatus.UpToDate
            : removed.Count > 0 ? DiffStatus.Diverged
            : DiffStatus.Outdated;
        return new ConfigDiff { Status = status, Added = added, Removed = removed, Modified = modified, Unchanged = unchanged };
    }

    /// <summary>Compares a client's file as it is on a machine (<paramref name="localContent"/>, in
    /// <paramref name="client"/>'s native format) with the servers that should be there. The remote side is first
    /// reduced to what that client's file can hold, so fields the format cannot carry are not reported as
    /// differences. Malformed content is a 400 problem from the importer.</summary>
    public ConfigDiff DiffNative(string localContent, ClientDefinition client, IReadOnlyList<ServerConfig> remote)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(remote);
        var local = formats.Import(localContent, client);
        return Diff(local, [.. remote.Select(server => server is null ? server! : NativeConfigFormats.Carried(server, client))]);
    }

    /// <summary>The field changes from <paramref name="local"/> to <paramref name="remote"/>, ordered by path; empty
    /// when the two are equivalent.</summary>
    public static IReadOnlyList<FieldChange> Compare(ServerConfig local, ServerConfig remote)
    {
        var before = Flatten(local);
        var after = Flatten(remote);
        var changes = new List<(Path Path, FieldChange Change)>();
        foreach (var (path, value) in before)
        {
            if (!after.TryGetValue(path, out var other))
            {
                changes.Add((path, new FieldChange { Path = path.Text, Kind = ChangeKind.Removed, Old = value }));
            }
            else if (!string.Equals(value, other, StringComparison.Ordinal))
            {
                changes.Add((path, new FieldChange { Path = path.Text, Kind = ChangeKind.Modified, Old = value, New = other }));
            }
        }

        foreach (var (path, value) in after)
        {
            if (!before.ContainsKey(path))
            {
                changes.Add((path, new FieldChange { Path = path.Text, Kind = ChangeKind.Added, New = value }));
            }
        }

        changes.Sort((a, b) => a.Path.CompareTo(b.Path));
        return [.. changes.Select(c => c.Change)];
    }

    private static Dictionary<string, ServerConfig> Index(IReadOnlyList<ServerConfig> servers, string side)
    {
        if (servers is null)
        {
            throw new ProblemException(Invalid($"The {side} server list is missing; give a list (it may be empty)."));
        }

        var byName = new Dictionary<string, ServerConfig>(StringComparer.Ordinal);
        for (var i = 0; i < servers.Count; i++)
        {
            var server = servers[i];
            if (server?.Name is null)
            {
                throw new ProblemException(Invalid($"Server {i.ToString(CultureInfo.InvariantCulture)} of the {side} list is null or has no name."));
            }

            if (!byName.TryAdd(server.Name, server))
            {
                throw new ProblemException(new Problem
                {
                    Status = 400,
                    Code = "duplicate_name",
                    Title = "Duplicate name",
                    Detail = $"The {side} list names two servers {Registry.Display.Quote(server.Name)}; names are unique within a configuration.",
                });
            }
        }

        return byName;
    }

    private static Dictionary<Path, string> Flatten(ServerConfig server)
    {
        var leaves = new Dictionary<Path, string>();
        leaves[Path.Of("transport")] = server.Transport switch
        {
            Transport.Http => "http",
            Transport.Sse => "sse",
            _ => "stdio",
        };
        if (server.Command is not null)
        {
            leaves[Path.Of("command")] = server.Command;
        }

        AddList(leaves, "args", server.Args);
        if (server.Url is not null)
        {
            leaves[Path.Of("url")] = server.Url;
        }

        AddMap(leaves, "headers", server.Headers);
        AddMap(leaves, "env", server.Env);
        if (server.Tools is { } tools)
        {
            AddList(leaves, "tools", "include", tools.Include);
            AddList(leaves, "tools", "exclude", tools.Exclude);
        }

        return leaves;
    }

    private static void AddList(Dictionary<Path, string> leaves, string name, IReadOnlyList<string>? values)
    {
        for (var i = 0; i < (values?.Count ?? 0); i++)
        {
            leaves[Path.Of(name, i)] = values![i] ?? "null";
        }
    }

    private static void AddList(Dictionary<Path, string> leaves, string parent, string name, IReadOnlyList<string>? values)
    {
        for (var i = 0; i < (values?.Count ?? 0); i++)
        {
            leaves[Path.Of(parent, name, i)] = values![i] ?? "null";
        }
    }

    private static void AddMap(Dictionary<Path, string> leaves, string name, IReadOnlyDictionary<string, string>? values)
    {
        foreach (var (key, value) in values ?? new Dictionary<string, string>())
        {
            leaves[Path.Of(name, key)] = value ?? "null";
        }
    }

    private static Problem Invalid(string detail) => new()
    {
        Status = 400,
        Code = "invalid_payload",
        Title = "Invalid payload",
        Detail = detail,
    };

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_-]*\z", RegexOptions.CultureInvariant)]
    private static partial Regex PlainKey();

    /// <summary>A field path as segments (names and list indexes), ordered segment by segment: names ordinally,
    /// indexes numerically, an index before a name.</summary>
    private sealed record Path(object[] Segments, string Text) : IComparable<Path>
    {
        public static Path Of(params object[] segments)
        {
            var text = new System.Text.StringBuilder();
            foreach (var segment in segments)
            {
                switch (segment)
                {
                    case int index:
                        text.Append('[').Append(index.ToString(CultureInfo.InvariantCulture)).Append(']');
                        break;
                    case string key when text.Length == 0:
                        text.Append(key);
                        break;
                    case string key when PlainKey().IsMatch(key):
                        text.Append('.').Append(key);
                        break;
                    case string key:
                        text.Append('[').Append(JsonSerializer.Serialize(key)).Append(']');
                        break;
                }
            }

            return new Path(segments, text.ToString());
        }

        public int CompareTo(Path? other)
        {
            if (other is null)
            {
                return 1;
            }

            for (var i = 0; i < Math.Min(Segments.Length, other.Segments.Length); i++)
            {
                var order = (Segments[i], other.Segments[i]) switch
                {
                    (int a, int b) => a.CompareTo(b),
                    (int, string) => -1,
                    (string, int) => 1,
                    (string a, string b) => string.CompareOrdinal(a, b),
                    _ => 0,
                };
                if (order != 0)
                {
                    return order;
                }
            }

            return Segments.Length.CompareTo(other.Segments.Length);
        }

        public bool Equals(Path? other) => other is not null && string.Equals(Text, other.Text, StringComparison.Ordinal);

        public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Text);
    }
}
