using McpOrchestrator.Core.Configs;

namespace McpOrchestrator.Core.Tests.Formats;

/// <summary>Field-by-field comparison of server entries: lists in order, maps as sets of pairs, a null tool filter
/// equal to an empty one.</summary>
public static class ServerConfigEquivalence
{
    public static IReadOnlyList<string> Differences(ServerConfig expected, ServerConfig actual)
    {
        var differences = new List<string>();
        void Compare(string field, string? left, string? right)
        {
            if (!string.Equals(left, right, StringComparison.Ordinal))
            {
                differences.Add($"{field}: expected {Show(left)}, got {Show(right)}");
            }
        }

        Compare("name", expected.Name, actual.Name);
        Compare("transport", expected.Transport.ToString(), actual.Transport.ToString());
        Compare("command", expected.Command, actual.Command);
        Compare("url", expected.Url, actual.Url);
        Compare("serverId", expected.ServerId, actual.ServerId);
        Compare("args", Join(expected.Args), Join(actual.Args));
        Compare("env", Join(expected.Env), Join(actual.Env));
        Compare("headers", Join(expected.Headers), Join(actual.Headers));
        Compare("tools.include", Join(expected.Tools?.Include ?? []), Join(actual.Tools?.Include ?? []));
        Compare("tools.exclude", Join(expected.Tools?.Exclude ?? []), Join(actual.Tools?.Exclude ?? []));
        return differences;
    }

    public static bool Equivalent(ServerConfig expected, ServerConfig actual) => Differences(expected, actual).Count == 0;

    private static string Join(IEnumerable<string> values) => "[" + string.Join(", ", values.Select(v => Show(v))) + "]";

    private static string Join(IReadOnlyDictionary<string, string> map) =>
        "{" + string.Join(", ", map.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{Show(p.Key)}: {Show(p.Value)}")) + "}";

    private static string Show(string? value) => value is null ? "null" : System.Text.Json.JsonSerializer.Serialize(value);
}
