using Microsoft.Extensions.Configuration;

namespace McpOrchestrator.Core.Live;

/// <summary>
/// Settings of live orchestration. <see cref="Profile"/> comes from <c>McpOrchestrator:LiveProfile</c> (app setting
/// <c>McpOrchestrator__LiveProfile</c>); the rest from the <c>McpOrchestrator:Live</c> section
/// (<c>McpOrchestrator__Live__MaxBatchCalls</c>, …). Per-server resilience (timeouts, retries, breaker, concurrency)
/// is in <see cref="Mcp.McpOptions"/>. <see cref="LiveOptionsValidator"/> refuses values that would break the bounds
/// the API promises.
/// </summary>
public sealed class LiveOptions
{
    public const string SectionName = "McpOrchestrator:Live";

    public const string ProfileSetting = "McpOrchestrator:LiveProfile";

    /// <summary>The profile of client <c>orchestrator</c> whose deployed servers are the live set.</summary>
    public string Profile { get; set; } = "default";

    /// <summary>Calls one <c>POST /v1/tools/batch</c> may carry.</summary>
    public int MaxBatchCalls { get; set; } = 100;

    /// <summary>Calls of a batch run at once when the request does not say (<c>maxParallel</c>).</summary>
    public int DefaultBatchParallel { get; set; } = 10;

    /// <summary>The most calls of a batch run at once; a larger <c>maxParallel</c> is capped to it.</summary>
    public int MaxBatchParallel { get; set; } = 32;

    /// <summary>The largest tool result passed on (its <c>content</c> and <c>structuredContent</c> as JSON, in UTF-8
    /// bytes); a larger one is refused with <c>result_too_large</c>.</summary>
    public int MaxResultBytes { get; set; } = 1024 * 1024;

    /// <summary>The most result bytes one batch answer carries; results past it (in input order) are refused with
    /// <c>result_too_large</c>.</summary>
    public int MaxBatchResultBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>How long stopping the service waits for in-flight tool calls before cancelling them (the server is
    /// told) and ending every session. Keep it well under the host's shutdown timeout (10 s for the local runtime):
    /// ending a stdio session takes up to <c>McpOrchestrator__Mcp__StdioShutdownTimeout</c> more.</summary>
    public TimeSpan ShutdownDrainTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest one batch may run, all its calls together; a request may ask for less
    /// (<c>timeoutMs</c>), never more. Calls still running at the deadline are cancelled on their servers, calls not
    /// started never start, and both answer <c>batch_timeout</c>.</summary>
    public TimeSpan BatchTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Batches one credential may have running at once on one instance; more are refused with 429
    /// <c>too_many_batches</c>.</summary>
    public int MaxConcurrentBatches { get; set; } = 4;

    /// <summary>Servers the health timer checks at once.</summary>
    public int HealthCheckParallel { get; set; } = 8;

    /// <summary>Environment-variable spelling of a setting (<c>McpOrchestrator__Live__MaxBatchCalls</c>).</summary>
    internal static string EnvironmentName(string property) =>
        property == nameof(Profile) ? "McpOrchestrator__LiveProfile" : $"McpOrchestrator__Live__{property}";

    internal void Bind(IConfiguration configuration)
    {
        configuration.GetSection(SectionName).Bind(this);
        if (configuration[ProfileSetting] is { Length: > 0 } profile)
        {
            Profile = profile;
        }
    }
}
