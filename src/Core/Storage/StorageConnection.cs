using System.Globalization;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;
using Microsoft.Extensions.Configuration;

namespace McpOrchestrator.Core.Storage;

/// <summary>
/// Where a storage account's Table service lives and how to authenticate to it: a shared key (connection strings,
/// including <c>UseDevelopmentStorage=true</c>) or a token credential (Functions-style identity-based connections).
/// The key never leaves this type except into the request-signing policy; <see cref="ToString"/> omits it.
/// </summary>
public sealed class StorageConnection
{
    /// <summary>Name of Azurite's development account.</summary>
    public const string DevelopmentAccountName = "devstoreaccount1";

    /// <summary>The OAuth scope for Azure Storage data-plane access.</summary>
    public const string StorageScope = "https://storage.azure.com/.default";

    /// <summary>The default connection name used by Azure Functions.</summary>
    public const string DefaultConnectionName = "AzureWebJobsStorage";

    // Azurite's well-known, public development key (not a secret).
    private const string DevelopmentAccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly Uri DevelopmentTableEndpoint = new("http://127.0.0.1:10002/devstoreaccount1");

    private readonly byte[]? _accountKey;

    private StorageConnection(Uri tableEndpoint, string accountName, byte[]? accountKey, TokenCredential? credential)
    {
        TableEndpoint = tableEndpoint;
        AccountName = accountName;
        _accountKey = accountKey;
        TokenCredential = credential;
    }

    /// <summary>The Table service endpoint without a trailing slash, e.g. <c>https://acct.table.core.windows.net</c>.</summary>
    public Uri TableEndpoint { get; }

    /// <summary>The storage account name (empty when it cannot be told from a token-credential endpoint).</summary>
    public string AccountName { get; }

    /// <summary>The credential for bearer-token authentication, or null when a shared key is used.</summary>
    public TokenCredential? TokenCredential { get; }

    /// <summary>Whether requests are signed with the account key (SharedKeyLite) rather than a bearer token.</summary>
    public bool UsesSharedKey => _accountKey is not null;

    /// <summary>
    /// Parses a storage connection string: <c>UseDevelopmentStorage=true</c>, or
    /// <c>DefaultEndpointsProtocol=..;AccountName=..;AccountKey=..;[TableEndpoint=..;][EndpointSuffix=..]</c>.
    /// </summary>
    /// <param name="connectionString">The connection string.</param>
    /// <param name="settingName">The setting it came from, named in error messages.</param>
    /// <exception cref="StorageConnectionException">The string is empty, malformed or incomplete.</exception>
    public static StorageConnection Parse(string connectionString, string settingName = DefaultConnectionName)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw Error(settingName, "is empty. Set it to a storage connection string, e.g. 'UseDevelopmentStorage=true' for Azurite.");
        }

        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var segments = connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        for (var i = 0; i < segments.Length; i++)
        {
            var separator = segments[i].IndexOf('=', StringComparison.Ordinal);
            if (separator <= 0)
            {
                // The segment itself is not echoed: it could be (part of) the account key.
                throw Error(settingName, $"is not a valid connection string: part {i + 1} is not of the form Name=Value. Expected e.g. 'DefaultEndpointsProtocol=https;AccountName=<name>;AccountKey=<key>' or 'UseDevelopmentStorage=true'.");
            }

            values[segments[i][..separator].Trim()] = segments[i][(separator + 1)..].Trim();
        }

        if (values.TryGetValue("UseDevelopmentStorage", out var development))
        {
            if (!bool.TryParse(development, out var useDevelopment) || !useDevelopment)
            {
                throw Error(settingName, "has UseDevelopmentStorage set to something other than 'true'. Use 'UseDevelopmentStorage=true' or a full connection string.");
            }

            return new StorageConnection(DevelopmentTableEndpoint, DevelopmentAccountName, Convert.FromBase64String(DevelopmentAccountKey), null);
        }

        if (values.ContainsKey("SharedAccessSignature"))
        {
            throw Error(settingName, $"uses a SharedAccessSignature, which is not supported. Use an AccountKey connection string or an identity-based connection ('{settingName}__accountName' with '{settingName}__credential=managedidentity').");
        }

        if (!values.TryGetValue("AccountName", out var accountName) || accountName.Length == 0)
        {
            throw Error(settingName, "has no AccountName. Add 'AccountName=<storage account name>' (and 'AccountKey=<key>').");
        }

        if (!values.TryGetValue("AccountKey", out var accountKeyText) || accountKeyText.Length == 0)
        {
            throw Error(settingName, $"has no AccountKey for account '{accountName}'. Add 'AccountKey=<key>' or use an identity-based connection ('{settingName}__accountName' with '{settingName}__credential=managedidentity').");
        }

        var accountKey = new byte[accountKeyText.Length];
        if (!Convert.TryFromBase64String(accountKeyText, accountKey, out var keyLength) || keyLength == 0)
        {
            throw Error(settingName, $"has an AccountKey for account '{accountName}' that is not valid base64. Copy the key again from the storage account's access keys.");
        }

        Array.Resize(ref accountKey, keyLength);

        Uri endpoint;
        if (values.TryGetValue("TableEndpoint", out var tableEndpoint) && tableEndpoint.Length > 0)
        {
            endpoint = ParseEndpoint(tableEndpoint, settingName, "TableEndpoint");
        }
        else
        {
            var protocol = values.TryGetValue("DefaultEndpointsProtocol", out var p) && p.Length > 0 ? p.ToLowerInvariant() : "https";
            if (protocol is not ("https" or "http"))
            {
                throw Error(settingName, "has a DefaultEndpointsProtocol other than 'https' or 'http'.");
            }

            var suffix = values.TryGetValue("EndpointSuffix", out var s) && s.Length > 0 ? s : "core.windows.net";
            endpoint = ParseEndpoint($"{protocol}://{accountName}.table.{suffix}", settingName, "AccountName/EndpointSuffix");
        }

        return new StorageConnection(endpoint, accountName, accountKey, null);
    }

    /// <summary>
    /// Builds a connection the way Azure Functions resolves a connection name: a connection string in
    /// <c>{name}</c> or <c>ConnectionStrings:{name}</c>; otherwise an identity-based connection from
    /// <c>{name}__tableServiceUri</c> or <c>{name}__accountName</c>, with <c>{name}__credential=managedidentity</c>
    /// (and optional <c>{name}__clientId</c> for a user-assigned identity) or, without a credential setting,
    /// <see cref="DefaultAzureCredential"/> for local development.
    /// </summary>
    /// <exception cref="StorageConnectionException">Nothing usable is configured under that name.</exception>
    public static StorageConnection FromConfiguration(IConfiguration configuration, string connectionName = DefaultConnectionName)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionName);

        var connectionString = configuration[connectionName];
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            connectionString = configuration.GetConnectionString(connectionName);
        }

        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            return Parse(connectionString, connectionName);
        }

        var section = configuration.GetSection(connectionName);
        var tableServiceUri = section["tableServiceUri"];
        var accountName = section["accountName"];
        Uri endpoint;
        if (!string.IsNullOrWhiteSpace(tableServiceUri))
        {
            endpoint = ParseEndpoint(tableServiceUri, $"{connectionName}__tableServiceUri", "tableServiceUri");
            accountName = string.IsNullOrWhiteSpace(accountName) ? AccountNameFromEndpoint(endpoint) : accountName;
        }
        else if (!string.IsNullOrWhiteSpace(accountName))
        {
            endpoint = ParseEndpoint($"https://{accountName}.table.core.windows.net", $"{connectionName}__accountName", "accountName");
        }
        else
        {
            throw Error(connectionName, $"is not configured. Set '{connectionName}' to a connection string (e.g. 'UseDevelopmentStorage=true'), or set '{connectionName}__accountName' (or '{connectionName}__tableServiceUri') with '{connectionName}__credential=managedidentity'.");
        }

        if (endpoint.Scheme != Uri.UriSchemeHttps)
        {
            throw Error(connectionName, "uses an identity-based connection over http; bearer tokens are only sent over https. Use an https table endpoint.");
        }

        var clientId = section["clientId"];
        var credentialKind = section["credential"];
        TokenCredential credential;
        if (string.Equals(credentialKind, "managedidentity", StringComparison.OrdinalIgnoreCase))
        {
            credential = new ManagedIdentityCredential(string.IsNullOrWhiteSpace(clientId)
                ? ManagedIdentityId.SystemAssigned
                : ManagedIdentityId.FromUserAssignedClientId(clientId));
        }
        else if (string.IsNullOrWhiteSpace(credentialKind))
        {
            credential = new DefaultAzureCredential(new DefaultAzureCredentialOptions
            {
                ManagedIdentityClientId = string.IsNullOrWhiteSpace(clientId) ? null : clientId,
            });
        }
        else
        {
            throw Error($"{connectionName}__credential", "must be 'managedidentity' (or absent to use the developer's Azure sign-in).");
        }

        return new StorageConnection(endpoint, accountName, null, credential);
    }

    /// <summary>A connection that authenticates with a bearer token from <paramref name="credential"/>.</summary>
    public static StorageConnection FromTokenCredential(Uri tableEndpoint, TokenCredential credential)
    {
        ArgumentNullException.ThrowIfNull(tableEndpoint);
        ArgumentNullException.ThrowIfNull(credential);
        var endpoint = ParseEndpoint(tableEndpoint.OriginalString, nameof(tableEndpoint), "table endpoint");
        if (endpoint.Scheme != Uri.UriSchemeHttps)
        {
            throw new ArgumentException("Bearer tokens are only sent over https; use an https table endpoint.", nameof(tableEndpoint));
        }

        return new StorageConnection(endpoint, AccountNameFromEndpoint(endpoint), null, credential);
    }

    /// <summary>Describes the connection without any secret.</summary>
    public override string ToString() =>
        string.Format(CultureInfo.InvariantCulture, "{0} ({1}, account '{2}')", TableEndpoint, UsesSharedKey ? "shared key" : "token credential", AccountName);

    /// <summary>The policy that authenticates each request (shared key signature or bearer token).</summary>
    internal HttpPipelinePolicy CreateAuthenticationPolicy(TimeProvider timeProvider) =>
        _accountKey is not null
            ? new SharedKeyLitePolicy(AccountName, _accountKey, timeProvider)
            : new BearerTokenAuthenticationPolicy(TokenCredential!, StorageScope);

    private static Uri ParseEndpoint(string value, string settingName, string part)
    {
        if (!Uri.TryCreate(value.TrimEnd('/'), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
        {
            throw Error(settingName, $"has a {part} that is not an absolute http(s) URL without query, e.g. 'https://<account>.table.core.windows.net'.");
        }

        return uri;
    }

    // Host-style (acct.table.core.windows.net) or path-style (http://127.0.0.1:10002/acct).
    private static string AccountNameFromEndpoint(Uri endpoint)
    {
        var path = endpoint.AbsolutePath.Trim('/');
        if (path.Length > 0)
        {
            return path.Split('/')[0];
        }

        return endpoint.HostNameType == UriHostNameType.Dns ? endpoint.Host.Split('.')[0] : string.Empty;
    }

    private static StorageConnectionException Error(string settingName, string problem) =>
        new(settingName, $"Storage setting '{settingName}' {problem}");
}
