using Azure.Data.Tables;
using McpOrchestrator.Core.Access;
using McpOrchestrator.Core.Paging;
using McpOrchestrator.Core.Storage;
using McpOrchestrator.TestSupport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace McpOrchestrator.Core.Tests.Access;

/// <summary>One "host" of access control: its own store (and so its own validation cache), token service and
/// validator on a table of the test's choosing. Two hosts on one table are two instances sharing storage.</summary>
internal sealed class AccessHost
{
    public static readonly DateTimeOffset Start = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);

    public AccessHost(string connectionString, string tableName, TimeProvider clock, AccessOptions? options = null, ILoggerFactory? loggers = null)
    {
        ConnectionString = connectionString;
        var settings = Options.Create(options ?? new AccessOptions());
        var tables = TableStorage.CreateServiceClient(connectionString, loggers?.CreateLogger<TableServiceClient>());
        Store = new TokenStore(tables, settings, tableName, loggers?.CreateLogger<TokenStore>());
        Tokens = new TokenService(Store, clock, loggers?.CreateLogger<TokenService>());
        Validator = new CredentialValidator(Store, clock, settings, loggers?.CreateLogger<CredentialValidator>());
    }

    public string ConnectionString { get; }

    public TokenStore Store { get; }

    public TokenService Tokens { get; }

    public CredentialValidator Validator { get; }

    public static AccessHost OnAzurite(AzuriteFixture azurite, TimeProvider clock, AccessOptions? options = null, ILoggerFactory? loggers = null) =>
        new(azurite.ConnectionString, azurite.UniqueTableName("tokens"), clock, options, loggers);

    /// <summary>Another instance on the same table, with a cache of its own.</summary>
    public AccessHost Sibling(TimeProvider clock, AccessOptions? options = null) =>
        new(ConnectionString, Store.Table.Name, clock, options);

    public Task<AuthenticationResult> BearerAsync(string token) => Validator.AuthenticateAsync("Bearer " + token, null, CancellationToken.None);

    public Task<IssuedToken> IssueAsync(string name, string[] scopes, DateTimeOffset? expiresAt = null) =>
        Tokens.IssueAsync(new CreateTokenRequest { Name = name, Scopes = scopes, ExpiresAt = expiresAt }, Principal.ApiKey, CancellationToken.None);

    /// <summary>Every token, following the pages of <see cref="TokenService.ListPageAsync"/>.</summary>
    public async Task<IReadOnlyList<TokenInfo>> ListAllAsync(int limit = PageRequest.DefaultLimit)
    {
        var all = new List<TokenInfo>();
        string? cursor = null;
        do
        {
            var page = await Tokens.ListPageAsync(new PageRequest { Limit = limit, Cursor = cursor }, CancellationToken.None);
            all.AddRange(page.Items);
            cursor = page.Next;
        }
        while (cursor is not null);

        return all;
    }

    /// <summary>A date column of a row, or null when the row has none (read through the indexer, which says so).</summary>
    public static DateTimeOffset? TimeOf(TableEntity row, string name) => row[name] is DateTimeOffset value ? value : null;

    /// <summary>The stored row of a token, read straight from the table.</summary>
    public async Task<TableEntity> RowAsync(string tokenId)
    {
        await foreach (var entity in Store.Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"Id eq {tokenId}")))
        {
            return entity;
        }

        throw new InvalidOperationException($"No row for {tokenId}.");
    }
}
