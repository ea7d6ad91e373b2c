using System.Security.Cryptography;
using Azure.Data.Tables;
using McpOrchestrator.Core.Signing;
using McpOrchestrator.Core.Storage;
using McpOrchestrator.TestSupport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace McpOrchestrator.Core.Tests.Signing;

/// <summary>One "instance" of the signing service on a table of the test's choosing, with or without a
/// key-encryption key. Two hosts on one table are two instances sharing storage.</summary>
internal sealed class SigningHost
{
    public static readonly DateTimeOffset Start = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);

    public SigningHost(string connectionString, string tableName, TimeProvider clock, string? kek = null, ILoggerFactory? loggers = null)
    {
        ConnectionString = connectionString;
        Clock = clock;
        Tables = TableStorage.CreateServiceClient(connectionString, loggers?.CreateLogger<TableServiceClient>());
        Keys = new SigningKeyService(Tables, Options.Create(new SigningOptions { KeyEncryptionKey = kek }), clock, tableName, loggers?.CreateLogger<SigningKeyService>());
    }

    public string ConnectionString { get; }

    public TimeProvider Clock { get; }

    public TableServiceClient Tables { get; }

    public SigningKeyService Keys { get; }

    public TableClient Table => Keys.Table;

    public static SigningHost OnAzurite(AzuriteFixture azurite, TimeProvider clock, string? kek = null, ILoggerFactory? loggers = null) =>
        new(azurite.ConnectionString, azurite.UniqueTableName("keys"), clock, kek, loggers);

    /// <summary>A fresh base64 key-encryption key, as <c>openssl rand -base64 32</c> makes.</summary>
    public static string NewKek() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>Another instance on the same table, with the key-encryption key given.</summary>
    public SigningHost Sibling(string? kek, ILoggerFactory? loggers = null) => new(ConnectionString, Table.Name, Clock, kek, loggers);

    public static ArtifactClaims Claims(int version = 1, string profileId = "default") => new()
    {
        ArtifactId = "sha256:" + new string('a', 64),
        ClientId = "claude-desktop",
        ProfileId = profileId,
        Version = version,
        CreatedAt = Start.AddMilliseconds(123),
    };

    public async Task<List<TableEntity>> RowsAsync()
    {
        var rows = new List<TableEntity>();
        await foreach (var row in Table.QueryAsync<TableEntity>())
        {
            rows.Add(row);
        }

        return rows;
    }

    public async Task<TableEntity> KeyRowAsync(string keyId) => (await Table.GetEntityAsync<TableEntity>("signing", "key:" + keyId)).Value;
}
