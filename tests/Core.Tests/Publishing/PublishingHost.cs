using System.Text.Json;
using Azure.Data.Tables;
using McpOrchestrator.Core.Configs;
using McpOrchestrator.Core.Publishing.Artifacts;
using McpOrchestrator.Core.Publishing.Deployments;
using McpOrchestrator.Core.Signing;
using McpOrchestrator.Core.Storage;
using McpOrchestrator.TestSupport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace McpOrchestrator.Core.Tests.Publishing;

/// <summary>One "instance" of publishing: signing keys, artifact store and deployment store on tables of the test's
/// own. Two hosts on the same tables are two instances sharing storage.</summary>
internal sealed class PublishingHost
{
    /// <summary>With sub-millisecond ticks, so that the truncation of <c>createdAt</c> shows.</summary>
    public static readonly DateTimeOffset Start = new DateTimeOffset(2026, 11, 20, 12, 0, 0, TimeSpan.Zero).AddTicks(1_234_567);

    private readonly ILoggerFactory? _loggers;

    private PublishingHost(string connectionString, (string Keys, string Artifacts, string Deployments) tableNames, TimeProvider clock, ILoggerFactory? loggers)
    {
        ConnectionString = connectionString;
        TableNames = tableNames;
        Clock = clock;
        _loggers = loggers;
        Tables = TableStorage.CreateServiceClient(connectionString, loggers?.CreateLogger<TableServiceClient>());
        Keys = new SigningKeyService(Tables, Options.Create(new SigningOptions()), clock, tableNames.Keys, loggers?.CreateLogger<SigningKeyService>());
        Artifacts = new ArtifactStore(Tables, Keys, clock, tableNames.Artifacts, loggers?.CreateLogger<ArtifactStore>());
        Deployments = new DeploymentStore(Tables, Artifacts, clock, tableNames.Deployments, loggers?.CreateLogger<DeploymentStore>());
    }

    public string ConnectionString { get; }

    public (string Keys, string Artifacts, string Deployments) TableNames { get; }

    public TimeProvider Clock { get; }

    public TableServiceClient Tables { get; }

    public SigningKeyService Keys { get; }

    public ArtifactStore Artifacts { get; }

    public DeploymentStore Deployments { get; }

    /// <summary>A host on fresh tables, with a signing key unless <paramref name="initializeKeys"/> is false.</summary>
    public static async Task<PublishingHost> StartAsync(AzuriteFixture azurite, TimeProvider clock, ILoggerFactory? loggers = null, bool initializeKeys = true)
    {
        var host = new PublishingHost(
            azurite.ConnectionString,
            (azurite.UniqueTableName("keys"), azurite.UniqueTableName("artifacts"), azurite.UniqueTableName("deployments")),
            clock,
            loggers);
        if (initializeKeys)
        {
            await host.Keys.InitializeAsync(rotate: false, CancellationToken.None);
        }

        return host;
    }

    /// <summary>Another instance on the same tables.</summary>
    public PublishingHost Sibling() => new(ConnectionString, TableNames, Clock, _loggers);

    public static JsonElement Json(string json) => JsonSerializer.Deserialize<JsonElement>(json);

    /// <summary>A payload listing stdio servers with these names, as the pipeline builds it from <see cref="ServerConfig"/>s.</summary>
    public static JsonElement Servers(params string[] names) => JsonSerializer.SerializeToElement(
        new
        {
            servers = names.Select(name => new ServerConfig
            {
                Name = name,
                Transport = Transport.Stdio,
                Command = "npx",
                Args = ["-y", "@modelcontextprotocol/server-" + name],
                Env = new Dictionary<string, string> { ["TOKEN"] = "${secret:" + name.ToUpperInvariant() + "_TOKEN}" },
            }),
        },
        JsonSerializerOptions.Web);

    public Task<Artifact> PublishAsync(JsonElement payload, string clientId = "claude-desktop", string profileId = "default", string? idempotencyKey = null, string? changelog = null) =>
        Artifacts.PublishAsync(
            new PublishRequest
            {
                ClientId = clientId,
                ProfileId = profileId,
                Payload = payload,
                Changelog = changelog,
                PublishedBy = "tok_00000000000000ab",
                IdempotencyKey = idempotencyKey,
            },
            CancellationToken.None);

    public Task<Deployment> DeployAsync(int? version = null, string clientId = "claude-desktop", string profileId = "default", string? idempotencyKey = null) =>
        Deployments.DeployAsync(
            new DeployRequest { ClientId = clientId, ProfileId = profileId, Version = version, DeployedBy = "api-key", IdempotencyKey = idempotencyKey },
            CancellationToken.None);

    /// <summary>Every row of a table, read straight from storage; none when the table does not exist.</summary>
    public static async Task<List<TableEntity>> RowsAsync(TableClient table)
    {
        var rows = new List<TableEntity>();
        try
        {
            await foreach (var row in table.QueryAsync<TableEntity>())
            {
                rows.Add(row);
            }
        }
        catch (Azure.RequestFailedException e) when (e.Status == 404)
        {
            return [];
        }

        return rows;
    }
}
