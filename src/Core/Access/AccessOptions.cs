using Microsoft.Extensions.Configuration;

namespace McpOrchestrator.Core.Access;

/// <summary>
/// Settings of authentication. <see cref="ApiKey"/> comes from <c>McpOrchestrator:ApiKey</c> (app setting
/// <c>McpOrchestrator__ApiKey</c>); the cache settings from the <c>McpOrchestrator:Access</c> section. Validated at
/// start: the validation cache may hold a token for at most <see cref="MaxValidationCacheTtl"/>, which bounds how long
/// a revocation on another instance takes to be seen; the negative cache refuses an unknown token from memory for at
/// most <see cref="MaxNegativeCacheTtl"/>.
/// </summary>
public sealed class AccessOptions
{
    public const string ApiKeySetting = "McpOrchestrator:ApiKey";
    public const string ValidationCacheTtlSetting = "McpOrchestrator:Access:ValidationCacheTtl";
    public const string ValidationCacheSizeSetting = "McpOrchestrator:Access:ValidationCacheSize";
    public const string NegativeCacheTtlSetting = "McpOrchestrator:Access:NegativeCacheTtl";
    public const string NegativeCacheSizeSetting = "McpOrchestrator:Access:NegativeCacheSize";

    /// <summary>The longest a validated token may be served from memory: revocation and deletion elsewhere take
    /// effect within this time.</summary>
    public static readonly TimeSpan MaxValidationCacheTtl = TimeSpan.FromSeconds(5);

    /// <summary>The longest an unknown token may be refused from memory.</summary>
    public static readonly TimeSpan MaxNegativeCacheTtl = TimeSpan.FromMinutes(1);

    /// <summary>The service's API key (every scope); null, empty or whitespace turns API-key authentication off.</summary>
    public string? ApiKey { get; set; }

    /// <summary>How long a validated token is trusted without reading storage again; 0 turns the cache off.</summary>
    public TimeSpan ValidationCacheTtl { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>The most validated tokens kept in memory at once.</summary>
    public int ValidationCacheSize { get; set; } = 10_000;

    /// <summary>How long a token that storage does not know is refused without reading storage again; 0 turns the
    /// negative cache off.</summary>
    public TimeSpan NegativeCacheTtl { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The most unknown tokens remembered at once; the oldest is forgotten first.</summary>
    public int NegativeCacheSize { get; set; } = 10_000;

    /// <summary>How stale a token's <c>lastUsedAt</c> may get before a validation writes it again.</summary>
    public TimeSpan LastUsedInterval { get; set; } = TimeSpan.FromSeconds(60);

    public bool ApiKeyEnabled => !string.IsNullOrWhiteSpace(ApiKey);

    /// <summary>Environment-variable spelling of a setting, as operators write it (<c>McpOrchestrator__ApiKey</c>).</summary>
    internal static string EnvironmentName(string setting) => setting.Replace(":", "__", StringComparison.Ordinal);

    internal void Bind(IConfiguration configuration)
    {
        ApiKey = configuration[ApiKeySetting];
        ValidationCacheTtl = configuration.GetValue(ValidationCacheTtlSetting, ValidationCacheTtl);
        ValidationCacheSize = configuration.GetValue(ValidationCacheSizeSetting, ValidationCacheSize);
        NegativeCacheTtl = configuration.GetValue(NegativeCacheTtlSetting, NegativeCacheTtl);
        NegativeCacheSize = configuration.GetValue(NegativeCacheSizeSetting, NegativeCacheSize);
    }
}
