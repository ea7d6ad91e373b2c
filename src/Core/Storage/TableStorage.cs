using Azure.Core;
using Azure.Data.Tables;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace McpOrchestrator.Core.Storage;

/// <summary>
/// How Core makes its Azure.Data.Tables clients: from a storage connection the way Azure Functions reads one (a
/// connection string, or identity-based <c>{name}__tableServiceUri</c> / <c>{name}__accountName</c> with the
/// credential settings of Microsoft.Extensions.Azure), always with the fail-fast retry settings and the outage
/// detection of <see cref="StorageUnavailableException"/>. Settings problems are <see cref="StorageConnectionException"/>s
/// that name the setting and the fix and never echo a secret.
/// </summary>
public static class TableStorage
{
    /// <summary>The connection Azure Functions itself uses.</summary>
    public const string DefaultConnectionName = "AzureWebJobsStorage";

    /// <summary>Tries per operation: the first and <see cref="MaxRetries"/> more.</summary>
    public const int MaxRetries = 2;

    /// <summary>How long one try may wait for an answer before it counts as a network failure.</summary>
    public static readonly TimeSpan NetworkTimeout = TimeSpan.FromSeconds(2);

    // The values of '{name}__credential' that Microsoft.Extensions.Azure turns into a credential of that kind.
    private static readonly HashSet<string> KnownCredentialKinds = new(StringComparer.OrdinalIgnoreCase)
    {
        "managedidentity", "managedidentityasfederatedidentity", "workloadidentity", "azurepipelines",
    };

    /// <summary>
    /// Options for Table clients of the service: 2 retries from 100 ms (at most 400 ms apart), a
    /// <see cref="NetworkTimeout"/> per try, and the outage policy. With storage down (connection refused) an operation
    /// fails with <see cref="StorageUnavailableException"/> well within a second; with storage hanging, within
    /// three network timeouts.
    /// </summary>
    public static TableClientOptions CreateClientOptions(ILogger? logger = null)
    {
        var options = new TableClientOptions();
        Tune(options, logger);
        return options;
    }

    /// <summary>A service client for a connection string (including <c>UseDevelopmentStorage=true</c>), with
    /// <see cref="CreateClientOptions"/>. For tools and tests; the service registers its client with
    /// <see cref="TableStorageServiceCollectionExtensions.AddTableStorage"/>.</summary>
    /// <exception cref="StorageConnectionException">The connection string cannot be parsed.</exception>
    public static TableServiceClient CreateServiceClient(string connectionString, ILogger? logger = null) =>
        FromConnectionString(connectionString, DefaultConnectionName, CreateClientOptions(logger));

    /// <summary>
    /// The service client for the connection named <paramref name="connectionName"/>, resolved like Azure Functions
    /// resolves it: a connection string in <c>{name}</c> or <c>ConnectionStrings:{name}</c>; otherwise an
    /// identity-based connection to <c>{name}__tableServiceUri</c> or <c>https://{name__accountName}.table.core.windows.net</c>
    /// with the credential <paramref name="components"/> makes from the section (<c>credential=managedidentity</c> and
    /// <c>clientId</c>, or the credential registered with <c>AddAzureClients(b =&gt; b.UseCredential(…))</c>, by default
    /// <c>DefaultAzureCredential</c>). Client options come from the same factory (so <c>ConfigureDefaults</c> applies),
    /// then get the fail-fast retries and the outage policy.
    /// </summary>
    /// <exception cref="StorageConnectionException">Nothing usable is configured under that name.</exception>
    public static TableServiceClient FromConfiguration(
        IConfiguration configuration,
        AzureComponentFactory components,
        string connectionName = DefaultConnectionName,
        ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(components);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionName);

        var section = configuration.GetSection(connectionName);
        var options = (TableClientOptions)components.CreateClientOptions(typeof(TableClientOptions), null, section);
        Tune(options, logger);

        var connectionString = configuration[connectionName];
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            connectionString = configuration.GetConnectionString(connectionName);
        }

        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            return FromConnectionString(connectionString, connectionName, options);
        }

        var endpoint = IdentityEndpoint(section, connectionName);
        if (section["credential"] is { Length: > 0 } kind && !KnownCredentialKinds.Contains(kind))
        {
            // Microsoft.Extensions.Azure would fall back to DefaultAzureCredential without a word: say so instead.
            throw Error($"{connectionName}__credential", $"is '{kind}', which is not a credential kind: use 'managedidentity' (with '{connectionName}__clientId' for a user-assigned identity), 'workloadidentity', or leave it out to use the developer's Azure sign-in.");
        }

        TokenCredential credential;
        try
        {
            credential = components.CreateTokenCredential(section);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException)
        {
            throw Error($"{connectionName}__credential", $"does not describe a usable credential ({e.Message}). Use '{connectionName}__credential=managedidentity' (with '{connectionName}__clientId' for a user-assigned identity), or leave it out to use the developer's Azure sign-in.");
        }

        return new TableServiceClient(endpoint, credential, options);
    }

    internal static void Tune(TableClientOptions options, ILogger? logger)
    {
        options.Retry.MaxRetries = MaxRetries;
        options.Retry.Mode = RetryMode.Exponential;
        options.Retry.Delay = TimeSpan.FromMilliseconds(100);
        options.Retry.MaxDelay = TimeSpan.FromMilliseconds(400);
        options.Retry.NetworkTimeout = NetworkTimeout;
        options.AddPolicy(new StorageOutagePolicy(logger ?? NullLogger.Instance), HttpPipelinePosition.PerCall);
    }

    private static TableServiceClient FromConnectionString(string connectionString, string settingName, TableClientOptions options)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw Error(settingName, "is empty. Set it to a storage connection string, e.g. 'UseDevelopmentStorage=true' for Azurite.");
        }

        try
        {
            return new TableServiceClient(connectionString, options);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException)
        {
            // The SDK's message can quote a part of the string, which could be (part of) the account key: not echoed.
            throw Error(settingName, "is not a valid storage connection string. Expected 'UseDevelopmentStorage=true' for Azurite, or 'DefaultEndpointsProtocol=https;AccountName=<name>;AccountKey=<key>' (optionally with TableEndpoint=… or EndpointSuffix=…), or a SharedAccessSignature connection string.");
        }
    }

    private static Uri IdentityEndpoint(IConfigurationSection section, string connectionName)
    {
        var tableServiceUri = section["tableServiceUri"];
        var accountName = section["accountName"];
        string setting;
        string value;
        if (!string.IsNullOrWhiteSpace(tableServiceUri))
        {
            (setting, value) = ($"{connectionName}__tableServiceUri", tableServiceUri);
        }
        else if (!string.IsNullOrWhiteSpace(accountName))
        {
            (setting, value) = ($"{connectionName}__accountName", $"https://{accountName}.table.core.windows.net");
        }
        else
        {
            throw Error(connectionName, $"is not configured. Set '{connectionName}' to a connection string (e.g. 'UseDevelopmentStorage=true'), or set '{connectionName}__accountName' (or '{connectionName}__tableServiceUri') with '{connectionName}__credential=managedidentity'.");
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var endpoint)
            || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps)
            || !string.IsNullOrEmpty(endpoint.Query) || !string.IsNullOrEmpty(endpoint.Fragment))
        {
            throw Error(setting, "is not an absolute https URL without query, e.g. 'https://<account>.table.core.windows.net'.");
        }

        if (endpoint.Scheme != Uri.UriSchemeHttps)
        {
            throw Error(setting, "uses an identity-based connection over http; bearer tokens are only sent over https. Use an https table endpoint.");
        }

        return endpoint;
    }

    private static StorageConnectionException Error(string settingName, string problem) =>
        new(settingName, $"Storage setting '{settingName}' {problem}");
}
