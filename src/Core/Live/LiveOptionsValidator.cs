using McpOrchestrator.Core.Registry;
using Microsoft.Extensions.Options;

namespace McpOrchestrator.Core.Live;

/// <summary>Refuses live-orchestration settings that would break the API's bounds, naming the setting and the fix.</summary>
internal sealed class LiveOptionsValidator : IValidateOptions<LiveOptions>
{
    public ValidateOptionsResult Validate(string? name, LiveOptions options)
    {
        var failures = new List<string>();

        void Between(string property, long value, long min, long max, string why)
        {
            if (value < min || value > max)
            {
                failures.Add($"{LiveOptions.EnvironmentName(property)} is {value}; set it between {min} and {max} ({why}).");
            }
        }

        if (!Ids.IsValid(options.Profile))
        {
            failures.Add($"{LiveOptions.EnvironmentName(nameof(LiveOptions.Profile))} is '{options.Profile}'; set it to a profile id of client orchestrator (1-64 characters of a-z, 0-9, '.', '_' or '-'), or leave it unset for 'default'.");
        }

        Between(nameof(LiveOptions.MaxBatchCalls), options.MaxBatchCalls, 1, 1000, "calls in one batch request");
        Between(nameof(LiveOptions.MaxBatchParallel), options.MaxBatchParallel, 1, 256, "calls of a batch running at once");
        Between(nameof(LiveOptions.DefaultBatchParallel), options.DefaultBatchParallel, 1, options.MaxBatchParallel, "the default of maxParallel; at most MaxBatchParallel");
        Between(nameof(LiveOptions.MaxResultBytes), options.MaxResultBytes, 1024, 64L * 1024 * 1024, "bytes of one tool result");
        Between(nameof(LiveOptions.MaxBatchResultBytes), options.MaxBatchResultBytes, options.MaxResultBytes, 256L * 1024 * 1024, "bytes of all results of one batch; at least MaxResultBytes");
        Between(nameof(LiveOptions.MaxConcurrentBatches), options.MaxConcurrentBatches, 1, 1000, "batches one credential may run at once");
        if (options.BatchTimeout < TimeSpan.FromSeconds(1) || options.BatchTimeout > TimeSpan.FromHours(1))
        {
            failures.Add($"{LiveOptions.EnvironmentName(nameof(LiveOptions.BatchTimeout))} is {options.BatchTimeout}; set it between 00:00:01 and 01:00:00 (the longest a whole batch may run; default 00:02:00).");
        }

        Between(nameof(LiveOptions.HealthCheckParallel), options.HealthCheckParallel, 1, 256, "servers checked at once by the health timer");
        if (options.ShutdownDrainTimeout < TimeSpan.Zero || options.ShutdownDrainTimeout > TimeSpan.FromMinutes(5))
        {
            failures.Add($"{LiveOptions.EnvironmentName(nameof(LiveOptions.ShutdownDrainTimeout))} is {options.ShutdownDrainTimeout}; set it between 00:00:00 and 00:05:00 (how long shutdown waits for in-flight calls).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
