using Microsoft.Extensions.Options;

namespace McpOrchestrator.Core.Mcp;

/// <summary>Refuses MCP settings that would break the connectivity guarantees, naming the setting and the fix.</summary>
internal sealed class McpOptionsValidator : IValidateOptions<McpOptions>
{
    private static readonly TimeSpan OneDay = TimeSpan.FromDays(1);

    public ValidateOptionsResult Validate(string? name, McpOptions options)
    {
        var failures = new List<string>();

        void Between(string property, TimeSpan value, TimeSpan min, TimeSpan max, string why)
        {
            if (value < min || value > max)
            {
                failures.Add($"{McpOptions.EnvironmentName(property)} is {value}; set it between {min} and {max} ({why}).");
            }
        }

        void AtLeast(string property, int value, int min, string why)
        {
            if (value < min)
            {
                failures.Add($"{McpOptions.EnvironmentName(property)} is {value}; set it to at least {min} ({why}).");
            }
        }

        var ms = TimeSpan.FromMilliseconds(1);
        Between(nameof(McpOptions.ConnectTimeout), options.ConnectTimeout, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(10), "connect and initialize of one server");
        Between(nameof(McpOptions.DiscoverProbeTimeout), options.DiscoverProbeTimeout, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(30), "the SDK's server/discover probe; 1-2 s is enough");
        Between(nameof(McpOptions.StdioShutdownTimeout), options.StdioShutdownTimeout, TimeSpan.Zero, TimeSpan.FromMinutes(1), "grace before a stdio server is killed");
        Between(nameof(McpOptions.ProbeTimeout), options.ProbeTimeout, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(10), "a hung server costs at most this per probe");
        Between(nameof(McpOptions.ProbeShutdownTimeout), options.ProbeShutdownTimeout, TimeSpan.Zero, TimeSpan.FromSeconds(30), "grace before a probed stdio server is killed");
        AtLeast(nameof(McpOptions.ProbeMaxParallel), options.ProbeMaxParallel, 1, "probes run at once");
        AtLeast(nameof(McpOptions.MaxConcurrentProbes), options.MaxConcurrentProbes, 1, "probes and health checks run at once on this instance");
        AtLeast(nameof(McpOptions.MaxQueuedProbes), options.MaxQueuedProbes, 0, "probes waiting for a slot; 0 refuses at once when all slots are busy");
        Between(nameof(McpOptions.CallTimeout), options.CallTimeout, ms, OneDay, "one tool call attempt");
        Between(nameof(McpOptions.MaxCallTimeout), options.MaxCallTimeout, options.CallTimeout, OneDay, "the longest timeout a caller may ask; at least CallTimeout");
        if (options.MaxRetries is < 0 or > 10)
        {
            failures.Add($"{McpOptions.EnvironmentName(nameof(McpOptions.MaxRetries))} is {options.MaxRetries}; set it between 0 (no retries) and 10.");
        }

        Between(nameof(McpOptions.RetryDelay), options.RetryDelay, ms, TimeSpan.FromMinutes(1), "first retry delay");
        Between(nameof(McpOptions.RetryMaxDelay), options.RetryMaxDelay, options.RetryDelay, TimeSpan.FromMinutes(5), "the longest retry delay; at least RetryDelay");
        if (options.BreakerFailureRatio is <= 0 or > 1)
        {
            failures.Add($"{McpOptions.EnvironmentName(nameof(McpOptions.BreakerFailureRatio))} is {options.BreakerFailureRatio}; set it above 0 and at most 1 (0.5 opens the circuit when half the calls fail).");
        }

        AtLeast(nameof(McpOptions.BreakerMinimumThroughput), options.BreakerMinimumThroughput, 2, "calls in the sampling window before the circuit may open");
        Between(nameof(McpOptions.BreakerSamplingDuration), options.BreakerSamplingDuration, TimeSpan.FromMilliseconds(500), OneDay, "the window in which failures are counted");
        Between(nameof(McpOptions.BreakerBreakDuration), options.BreakerBreakDuration, TimeSpan.FromMilliseconds(500), OneDay, "how long an open circuit refuses calls");
        AtLeast(nameof(McpOptions.MaxConcurrentCalls), options.MaxConcurrentCalls, 1, "calls in flight to one server");
        AtLeast(nameof(McpOptions.MaxQueuedCalls), options.MaxQueuedCalls, 0, "calls waiting for a slot; 0 refuses at once when all slots are busy");
        Between(nameof(McpOptions.ReconnectDelay), options.ReconnectDelay, ms, TimeSpan.FromMinutes(5), "first delay between reconnect attempts");
        Between(nameof(McpOptions.ReconnectMaxDelay), options.ReconnectMaxDelay, options.ReconnectDelay, TimeSpan.FromHours(1), "the longest delay between reconnect attempts; at least ReconnectDelay");
        Between(nameof(McpOptions.HealthCheckTimeout), options.HealthCheckTimeout, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(5), "one health check");
        AtLeast(nameof(McpOptions.HealthFailureThreshold), options.HealthFailureThreshold, 1, "consecutive failed checks before a server is down");
        Between(nameof(McpOptions.DrainTimeout), options.DrainTimeout, TimeSpan.Zero, TimeSpan.FromMinutes(5), "how long stopping waits for in-flight calls");

        foreach (var command in options.AllowedCommandList)
        {
            if (command.Any(char.IsControl) || (command.Contains('/', StringComparison.Ordinal) && !Path.IsPathFullyQualified(command)) || command.Contains('\\', StringComparison.Ordinal) && !Path.IsPathFullyQualified(command))
            {
                failures.Add($"{McpOptions.EnvironmentName(nameof(McpOptions.AllowedCommands))} names '{command}'; give bare program names (node) or absolute paths (/opt/mcp/run-server), separated by commas.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
