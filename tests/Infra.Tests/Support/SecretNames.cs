namespace McpOrchestrator.Infra.Tests.Support;

/// <summary>Which settings hold secrets, by name. The app's own secret settings are named in
/// <see cref="Required"/>; the patterns catch any later one (a password, token, key or connection string).</summary>
public static class SecretNames
{
    /// <summary>The secret settings the app reads, which the template must set as Key Vault references.</summary>
    public static readonly IReadOnlyList<string> Required = ["McpOrchestrator__ApiKey", "McpOrchestrator__KeyEncryptionKey"];

    private static readonly string[] Patterns = ["ApiKey", "EncryptionKey", "__Secrets__", "Password", "Secret", "Token", "AccountKey", "SharedAccess"];

    // Names that match a pattern but hold no secret: with local auth off, App Insights' connection string carries
    // only the resource's identifiers, and ingestion needs an Entra token.
    private static readonly string[] NotSecret = ["APPLICATIONINSIGHTS_CONNECTION_STRING", "APPLICATIONINSIGHTS_AUTHENTICATION_STRING"];

    public static bool IsSecret(string settingName) =>
        !NotSecret.Contains(settingName, StringComparer.OrdinalIgnoreCase)
        && (Required.Contains(settingName, StringComparer.OrdinalIgnoreCase)
            || Patterns.Any(p => settingName.Contains(p, StringComparison.OrdinalIgnoreCase))
            || settingName.EndsWith("ConnectionString", StringComparison.OrdinalIgnoreCase)
            || settingName.StartsWith("ConnectionStrings__", StringComparison.OrdinalIgnoreCase));
}
