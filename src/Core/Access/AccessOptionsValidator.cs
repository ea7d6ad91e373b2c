using Microsoft.Extensions.Options;

namespace McpOrchestrator.Core.Access;

/// <summary>Refuses settings that would break the access guarantees, naming the setting and the fix.</summary>
internal sealed class AccessOptionsValidator : IValidateOptions<AccessOptions>
{
    public ValidateOptionsResult Validate(string? name, AccessOptions options)
    {
        var failures = new List<string>();
        if (options.ValidationCacheTtl < TimeSpan.Zero || options.ValidationCacheTtl > AccessOptions.MaxValidationCacheTtl)
        {
            failures.Add(
                $"{AccessOptions.EnvironmentName(AccessOptions.ValidationCacheTtlSetting)} is {options.ValidationCacheTtl}; set it between 00:00:00 (no cache) and {AccessOptions.MaxValidationCacheTtl}, so that a revoked token is refused everywhere within 5 seconds.");
        }

        if (options.ValidationCacheSize < 1)
        {
            failures.Add(
                $"{AccessOptions.EnvironmentName(AccessOptions.ValidationCacheSizeSetting)} is {options.ValidationCacheSize}; set it to at least 1 (default 10000), or set the TTL to 00:00:00 to turn the cache off.");
        }

        if (options.NegativeCacheTtl < TimeSpan.Zero || options.NegativeCacheTtl > AccessOptions.MaxNegativeCacheTtl)
        {
            failures.Add(
                $"{AccessOptions.EnvironmentName(AccessOptions.NegativeCacheTtlSetting)} is {options.NegativeCacheTtl}; set it between 00:00:00 (no negative cache) and {AccessOptions.MaxNegativeCacheTtl} (default 00:00:10).");
        }

        if (options.NegativeCacheSize < 1)
        {
            failures.Add(
                $"{AccessOptions.EnvironmentName(AccessOptions.NegativeCacheSizeSetting)} is {options.NegativeCacheSize}; set it to at least 1 (default 10000), or set the TTL to 00:00:00 to turn the negative cache off.");
        }

        if (options.LastUsedInterval <= TimeSpan.Zero)
        {
            failures.Add($"{nameof(AccessOptions.LastUsedInterval)} must be positive.");
        }

        if (options.ApiKeyEnabled && options.ApiKey!.TrimStart().StartsWith("@Microsoft.KeyVault(", StringComparison.OrdinalIgnoreCase))
        {
            // App Service and Functions pass a Key Vault reference through as its own text when they cannot resolve it.
            failures.Add(
                $"{AccessOptions.EnvironmentName(AccessOptions.ApiKeySetting)} is an unresolved Key Vault reference: give the app's managed identity the 'Key Vault Secrets User' role on the vault (or fix the reference's vault and secret name), then restart the app.");
        }
        else if (options.ApiKeyEnabled && options.ApiKey!.Trim().Length != options.ApiKey.Length)
        {
            failures.Add(
                $"{AccessOptions.EnvironmentName(AccessOptions.ApiKeySetting)} starts or ends with whitespace, which an HTTP header cannot carry; remove it.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
