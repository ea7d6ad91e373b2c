using Azure.Data.Tables;
using McpOrchestrator.Core.Clients;
using McpOrchestrator.Core.Diff;
using McpOrchestrator.Core.Drafts;
using McpOrchestrator.Core.Formats;
using McpOrchestrator.Core.Profiles;
using McpOrchestrator.Core.Registry;
using McpOrchestrator.Core.Storage;
using McpOrchestrator.Core.Validation;
using McpOrchestrator.TestSupport;
using Microsoft.Extensions.Options;

namespace McpOrchestrator.Core.Tests.Drafts;

/// <summary>One "instance" of configuration management on tables of its own (or shared with a sibling, which is then
/// another instance on the same storage): registry, profiles, drafts, validation.</summary>
internal sealed class ConfigHost
{
    public static readonly DateTimeOffset Start = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);

    private ConfigHost(string connectionString, string registryTable, string profileTable, ManualTimeProvider clock, TimeSpan snapshotTtl, ClientCatalog? catalog, IServerProbe? probe)
    {
        ConnectionString = connectionString;
        Clock = clock;
        SnapshotTtl = snapshotTtl;
        Tables = TableStorage.CreateServiceClient(connectionString);
        Catalog = catalog ?? new ClientCatalog();
        Formats = new NativeConfigFormats(Catalog);
        ServerStore = new CustomServerStore(Tables, registryTable);
        Registry = new ServerRegistry(ServerStore, clock, Options.Create(new RegistryOptions { SnapshotTtl = snapshotTtl }));
        ProfileStore = new ProfileStore(Tables, profileTable);
        Versions = new FakeVersions();
        Profiles = new ProfileService(Catalog, ProfileStore, Versions, clock);
        Drafts = new DraftService(Catalog, Registry, Formats, ProfileStore, clock);
        Validation = new ValidationService(Catalog, Drafts, clock, probe);
        Differ = new ConfigDiffer(Formats);
    }

    public string ConnectionString { get; }

    public ManualTimeProvider Clock { get; }

    public TimeSpan SnapshotTtl { get; }

    public TableServiceClient Tables { get; }

    public ClientCatalog Catalog { get; }

    public NativeConfigFormats Formats { get; }

    public CustomServerStore ServerStore { get; }

    public ServerRegistry Registry { get; }

    public ProfileStore ProfileStore { get; }

    public FakeVersions Versions { get; }

    public ProfileService Profiles { get; }

    public DraftService Drafts { get; }

    public ValidationService Validation { get; }

    public ConfigDiffer Differ { get; }

    public TableClient RegistryTable => ServerStore.Table;

    public TableClient ProfileTable => ProfileStore.Table;

    public static ConfigHost OnAzurite(AzuriteFixture azurite, TimeSpan? snapshotTtl = null, ClientCatalog? catalog = null, IServerProbe? probe = null) =>
        new(azurite.ConnectionString, azurite.UniqueTableName("registry"), azurite.UniqueTableName("profiles"), new ManualTimeProvider(Start),
            snapshotTtl ?? TimeSpan.FromSeconds(5), catalog, probe);

    /// <summary>Another instance on the same tables, with its own clock and caches.</summary>
    public ConfigHost Sibling() =>
        new(ConnectionString, RegistryTable.Name, ProfileTable.Name, new ManualTimeProvider(Clock.GetUtcNow()), SnapshotTtl, Catalog, null);

    /// <summary>Every row of both tables, as (table, partition, row, properties) text, to prove that nothing changed.</summary>
    public async Task<string> DumpAsync()
    {
        var lines = new List<string>();
        foreach (var table in new[] { RegistryTable, ProfileTable })
        {
            try
            {
                await foreach (var row in table.QueryAsync<TableEntity>())
                {
                    lines.Add($"{table.Name}|{row.PartitionKey}|{row.RowKey}|{string.Join(",", Storage.AzuriteTables.CustomProperties(row).OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"))}");
                }
            }
            catch (Azure.RequestFailedException e) when (e.Status == 404)
            {
                lines.Add($"{table.Name}: no table");
            }
        }

        return string.Join("\n", lines);
    }

    public static ServerDefinitionRequest StdioRequest(string command = "acme-mcp", params string[] args) => new()
    {
        Name = "Acme",
        Transport = "stdio",
        Command = command,
        Args = args,
    };

    internal sealed class FakeVersions : IProfileVersionSource
    {
        public Dictionary<string, ProfileVersions> Versions { get; } = new(StringComparer.Ordinal);

        public List<string> Deleted { get; } = [];

        public Task<IReadOnlyDictionary<string, ProfileVersions>> GetVersionsAsync(string clientId, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyDictionary<string, ProfileVersions>>(Versions);

        public Task ProfileDeletedAsync(string clientId, string profileId, CancellationToken cancellationToken)
        {
            Deleted.Add(clientId + "/" + profileId);
            return Task.CompletedTask;
        }
    }
}
