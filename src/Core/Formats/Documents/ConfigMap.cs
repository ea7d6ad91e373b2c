namespace McpOrchestrator.Core.Formats.Documents;

/// <summary>A map with keys in insertion order. Setting an existing key replaces its value in place (JSON's
/// last-one-wins, as the JavaScript clients read it).</summary>
internal sealed class ConfigMap(TextPosition position = default) : ConfigNode(position)
{
    private readonly List<KeyValuePair<string, ConfigNode>> _entries = [];
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);

    /// <summary>Written inline where the syntax distinguishes (TOML <c>{ k = v }</c>) rather than as its own
    /// table.</summary>
    public bool Inline { get; init; }

    public IReadOnlyList<KeyValuePair<string, ConfigNode>> Entries => _entries;

    public int Count => _entries.Count;

    public override string KindName => "a map";

    public bool ContainsKey(string key) => _index.ContainsKey(key);

    public ConfigNode? Get(string key) => _index.TryGetValue(key, out var i) ? _entries[i].Value : null;

    public void Set(string key, ConfigNode value)
    {
        if (_index.TryGetValue(key, out var i))
        {
            _entries[i] = new(key, value);
            return;
        }

        _index[key] = _entries.Count;
        _entries.Add(new(key, value));
    }
}
