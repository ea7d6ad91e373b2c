using Microsoft.Extensions.Configuration;

namespace McpOrchestrator.Core.Mcp;

/// <summary>
/// Settings of MCP connectivity, from the <c>McpOrchestrator:Mcp</c> section (app settings
/// <c>McpOrchestrator__Mcp__ConnectTimeout</c>, …; TimeSpans as <c>hh:mm:ss</c> or <c>hh:mm:ss.fff</c>). Every value
/// has a default that works for the reference servers; <see cref="McpOptionsValidator"/> refuses values that would
/// break the guarantees (a hung server costs at most its timeout, calls are bounded, retries are finite).
/// </summary>
public sealed class McpOptions
{
    public const string SectionName = "McpOrchestrator:Mcp";

    /// <summary>Connect and initialize, per attempt, for live connections.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the SDK waits for an answer to its <c>server/discover</c> probe before falling back to
    /// <c>initialize</c> (the SDK's own default of 5 s costs 5 s per connect to a server that ignores unknown methods).</summary>
    public TimeSpan DiscoverProbeTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>On disposal a stdio server gets this long to exit after its stdin closes; then its process tree is
    /// killed.</summary>
    public TimeSpan StdioShutdownTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Whether stdio servers inherit the service's whole environment. Off by default: they get only the
    /// platform basics (PATH, HOME, …) and their own configured env, so the service's secrets never reach a
    /// third-party process.</summary>
    public bool InheritEnvironment { get; set; }

    /// <summary>Commands an administrator approves for the service to run as stdio servers whatever entry names them,
    /// comma-separated: bare program names (<c>node</c>, found on the service's PATH) or absolute paths, compared
    /// exactly with an entry's command. Without it the service runs only the stdio servers of the registry (built-in
    /// entries and custom entries an admin registered) with the registry's command; inline stdio entries of drafts are
    /// never run (probes skip them, live connections refuse them). An approved command runs with any arguments: approve
    /// a wrapper script rather than an interpreter such as <c>node</c> or <c>sh</c> outside tests.</summary>
    public string AllowedCommands { get; set; } = string.Empty;

    /// <summary>Whether probes, validation and live connections may reach loopback (127.0.0.0/8, ::1) and private
    /// networks (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7). Unset: allowed only when storage is development
    /// storage (<c>UseDevelopmentStorage=true</c>, or an <c>AzureWebJobsStorage</c> on 127.0.0.1/localhost).
    /// Link-local and cloud metadata addresses are refused whatever this says.</summary>
    public bool? AllowPrivateNetworks { get; set; }

    /// <summary>The entries of <see cref="AllowedCommands"/>.</summary>
    internal IReadOnlyList<string> AllowedCommandList =>
        [.. AllowedCommands.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    /// <summary>Probe timeout used when a caller has none of its own.</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Probes run at once by <see cref="ServerProbe.ProbeManyAsync"/> when the caller does not say.</summary>
    public int ProbeMaxParallel { get; set; } = 8;

    /// <summary>Probes and health checks run at once on this instance, across every request and the health timer
    /// (<see cref="ProbeLimiter"/>).</summary>
    public int MaxConcurrentProbes { get; set; } = 16;

    /// <summary>Probes of requests that may wait for a slot; beyond them a request is refused with 429
    /// <c>too_many_probes</c>. 0 refuses at once when every slot is busy.</summary>
    public int MaxQueuedProbes { get; set; } = 64;

    /// <summary>Grace a probed stdio server gets to exit before it is killed (probes need no polite shutdown).</summary>
    public TimeSpan ProbeShutdownTimeout { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Timeout of one tool call attempt when the caller gives no timeout (a timed-out attempt is retried).</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest timeout a caller may ask for one call, and the bound of a whole call (retries included)
    /// when the caller gives none.</summary>
    public TimeSpan MaxCallTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Retries after a transient failure (transport lost, timeout, HTTP 5xx); 0 turns retries off.</summary>
    public int MaxRetries { get; set; } = 2;

    /// <summary>First retry delay; later ones double, with jitter, up to <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The circuit opens when at least this share of the calls in <see cref="BreakerSamplingDuration"/>
    /// failed transiently …</summary>
    public double BreakerFailureRatio { get; set; } = 0.5;

    /// <summary>… and there were at least this many.</summary>
    public int BreakerMinimumThroughput { get; set; } = 5;

    public TimeSpan BreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an open circuit refuses calls before it lets one through (half-open).</summary>
    public TimeSpan BreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Calls in flight to one server at once.</summary>
    public int MaxConcurrentCalls { get; set; } = 16;

    /// <summary>Calls waiting for a slot on one server; more are refused at once.</summary>
    public int MaxQueuedCalls { get; set; } = 256;

    /// <summary>First delay before reconnecting after a failed attempt; later ones double, with jitter, up to
    /// <see cref="ReconnectMaxDelay"/>. The first reconnect after a drop is immediate.</summary>
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A health check (ping, or tools/list where ping is not supported) that takes longer fails.</summary>
    public TimeSpan HealthCheckTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Consecutive failed health checks after which a server counts as down.</summary>
    public int HealthFailureThreshold { get; set; } = 3;

    /// <summary>How long stopping a live connection waits for its in-flight calls before cancelling them.</summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Environment-variable spelling of a setting of this section (<c>McpOrchestrator__Mcp__CallTimeout</c>).</summary>
    internal static string EnvironmentName(string property) => $"McpOrchestrator__Mcp__{property}";

    /// <summary>Whether <c>AzureWebJobsStorage</c> is development storage: <c>UseDevelopmentStorage=true</c>, a
    /// connection string whose endpoints are all on 127.0.0.1 / localhost, or nothing configured at all.</summary>
    internal static bool IsDevelopmentStorage(IConfiguration configuration)
    {
        var connection = configuration["AzureWebJobsStorage"] ?? configuration.GetConnectionString("AzureWebJobsStorage");
        if (string.IsNullOrWhiteSpace(connection))
        {
            return !configuration.GetSection("AzureWebJobsStorage").GetChildren().Any();
        }

        if (connection.Replace(" ", string.Empty, StringComparison.Ordinal).Contains("UseDevelopmentStorage=true", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var endpoints = connection.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part => part.Split('=', 2))
            .Where(pair => pair.Length == 2 && pair[0].EndsWith("Endpoint", StringComparison.OrdinalIgnoreCase))
            .Select(pair => Uri.TryCreate(pair[1], UriKind.Absolute, out var uri) ? uri.Host : string.Empty)
            .ToList();
        return endpoints.Count > 0 && endpoints.All(host => host is "127.0.0.1" or "localhost" or "[::1]" or "::1");
    }

    internal void Bind(IConfiguration configuration) => configuration.GetSection(SectionName).Bind(this);
}
