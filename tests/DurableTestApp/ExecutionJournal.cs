using System.Globalization;
using Azure.Data.Tables;
using McpOrchestrator.Core.Storage;
using Microsoft.Extensions.Configuration;

namespace McpOrchestrator.DurableTestApp;

/// <summary>A table (named by the <c>DurableTestJournal</c> setting, in the app's storage account) with one row per
/// activity execution, written before the activity does its work: what the crash tests count re-runs with.</summary>
public sealed class ExecutionJournal(IConfiguration configuration)
{
    public const string TableSetting = "DurableTestJournal";

    private readonly Lazy<TableClient?> _table = new(() =>
    {
        var name = configuration[TableSetting];
        return string.IsNullOrEmpty(name)
            ? null
            : TableStorage.CreateServiceClient(configuration[TableStorage.DefaultConnectionName] ?? string.Empty).GetTableClient(name);
    });

    public async Task RecordAsync(string instanceId, int step, Guid executionId, CancellationToken cancellationToken)
    {
        if (_table.Value is not { } table)
        {
            return;
        }

        await table.CreateIfNotExistsAsync(cancellationToken);
        await table.AddEntityAsync(new TableEntity(instanceId, string.Create(CultureInfo.InvariantCulture, $"{step:D2}-{executionId:N}"))
        {
            ["Step"] = step,
            ["ExecutionId"] = executionId,
            ["StartedAt"] = DateTimeOffset.UtcNow,
            ["ProcessId"] = Environment.ProcessId,
        }, cancellationToken);
    }
}
