using System.Security.Cryptography;
using McpOrchestrator.TestSupport;

namespace McpOrchestrator.Functions.Tests;

/// <summary>The service on a real Azurite with an API key and a public base URL that is not the address the tests
/// call it at, so every link it hands out shows where it was built from.</summary>
public sealed class PagingFixture : IAsyncLifetime
{
    public const string PublicBaseUrl = "https://mcpo.example.test/base";

    public string ApiKey { get; } = "paging-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16));

    public AzuriteProcess Azurite { get; private set; } = null!;

    public FunctionsAppProcess Service { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Azurite = await AzuriteProcess.StartWithBlobsAndQueuesAsync();
        Service = await FunctionsAppProcess.StartAsync(new Dictionary<string, string>
        {
            ["AzureWebJobsStorage"] = Azurite.ConnectionString,
            ["McpOrchestrator__ApiKey"] = ApiKey,
            ["McpOrchestrator__PublicBaseUrl"] = PublicBaseUrl,
        });
    }

    public async Task DisposeAsync()
    {
        await Service.DisposeAsync();
        await Azurite.DisposeAsync();
    }
}
