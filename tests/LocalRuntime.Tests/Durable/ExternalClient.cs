using McpOrchestrator.Core.Storage;
using McpOrchestrator.LocalRuntime.Durable;
using Microsoft.DurableTask.Client;

namespace McpOrchestrator.LocalRuntime.Tests.Durable;

/// <summary>A Durable client outside any host — as another process on the same storage account would have — for
/// tests that start, watch and inspect instances while hosts come and go.</summary>
internal static class ExternalClient
{
    public static DurableTaskClient For(string connectionString, string hubName) =>
        new LocalDurableTaskClient(
            new DurableStore(new TableServiceClient(StorageConnection.Parse(connectionString)), hubName),
            local: null, TimeProvider.System, () => null, "AzureWebJobsStorage");
}
