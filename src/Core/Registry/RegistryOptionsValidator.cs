using Microsoft.Extensions.Options;

namespace McpOrchestrator.Core.Registry;

/// <summary>Refuses a snapshot TTL outside 0 (always check) to 5 minutes, naming the setting.</summary>
internal sealed class RegistryOptionsValidator : IValidateOptions<RegistryOptions>
{
    public ValidateOptionsResult Validate(string? name, RegistryOptions options) =>
        options.SnapshotTtl < TimeSpan.Zero || options.SnapshotTtl > RegistryOptions.MaxSnapshotTtl
            ? ValidateOptionsResult.Fail(
                $"McpOrchestrator__Registry__SnapshotTtl is {options.SnapshotTtl}; set it between 00:00:00 (check storage on every read) and {RegistryOptions.MaxSnapshotTtl} (how long another instance's registry change may go unseen).")
            : ValidateOptionsResult.Success;
}
