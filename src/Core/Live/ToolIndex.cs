using McpOrchestrator.Core.Mcp;
using ModelContextProtocol.Protocol;

namespace McpOrchestrator.Core.Live;

/// <summary>
/// The live tools under their listed names (<see cref="LiveToolNames"/>), ordered by name, for one state of the live
/// set: which connections it has and which tool list each of them holds. Immutable; <see cref="ToolRouter"/> keeps
/// the latest one and builds a new one when <see cref="Matches"/> says the live set moved on, so a <c>tools/call</c>
/// finds its tool with one lookup instead of naming every tool again.
/// </summary>
internal sealed class ToolIndex
{
    private readonly LiveConnection[] _connections;
    private readonly IReadOnlyList<Tool>[] _lists;

    private ToolIndex(LiveConnection[] connections, IReadOnlyList<Tool>[] lists, Entry[] entries)
    {
        _connections = connections;
        _lists = lists;
        Entries = entries;
        ByName = entries.ToDictionary(e => e.Name, StringComparer.Ordinal);
    }

    public IReadOnlyList<LiveConnection> Connections => _connections;

    /// <summary>Every tool, ordered by listed name.</summary>
    public IReadOnlyList<Entry> Entries { get; }

    public IReadOnlyDictionary<string, Entry> ByName { get; }

    public static ToolIndex Build(IReadOnlyList<LiveConnection> connections, IReadOnlyList<Tool>[] lists)
    {
        var tools = connections.SelectMany((connection, i) => lists[i].Select(tool => (Connection: connection, Tool: tool))).ToList();
        var names = LiveToolNames.Assign([.. tools.Select(t => (t.Connection.Name, t.Tool.Name))]);
        Entry[] entries = [.. tools.Select((t, i) => new Entry(names[i], t.Connection, t.Tool)).OrderBy(e => e.Name, StringComparer.Ordinal)];
        return new ToolIndex([.. connections], lists, entries);
    }

    /// <summary>Whether this index was built from these connections holding these tool lists (same instances).</summary>
    public bool Matches(IReadOnlyList<LiveConnection> connections, IReadOnlyList<Tool>[] lists)
    {
        if (connections.Count != _connections.Length)
        {
            return false;
        }

        for (var i = 0; i < _connections.Length; i++)
        {
            if (!ReferenceEquals(connections[i], _connections[i]) || !ReferenceEquals(lists[i], _lists[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>One tool of one live connection under its listed name.</summary>
    public sealed record Entry(string Name, LiveConnection Connection, Tool Tool)
    {
        public LiveTool ToLiveTool(bool available) => new()
        {
            Name = Name,
            Server = Connection.Name,
            Tool = Tool.Name,
            Title = Tool.Title,
            Description = Tool.Description,
            InputSchema = Tool.InputSchema,
            OutputSchema = Tool.OutputSchema,
            Annotations = LiveTool.AnnotationsOf(Tool),
            Available = available,
        };
    }
}
