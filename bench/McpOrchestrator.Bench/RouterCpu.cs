namespace McpOrchestrator.Bench;

/// <summary>The CPU time a router's process tree (the router and the server behind it) used during one phase, per
/// process, and the calls it answered in that phase.</summary>
public sealed record RouterCpu(string Path, IReadOnlyDictionary<string, double> MsByProcess, int Calls)
{
    /// <summary>CPU milliseconds per call, all the tree's processes together (background work included).</summary>
    public double MsPerCall => MsByProcess.Values.Sum() / Calls;

    /// <summary>CPU milliseconds per call of each process, largest first, as "name: ms".</summary>
    public string Breakdown => string.Join(", ", MsByProcess
        .Where(p => p.Value > 0)
        .OrderByDescending(p => p.Value)
        .Select(p => $"{p.Key[(p.Key.IndexOf(' ') + 1)..]} {p.Value / Calls:0.000}"));
}
