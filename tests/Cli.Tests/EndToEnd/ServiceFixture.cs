using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using McpOrchestrator.TestSupport;

namespace McpOrchestrator.Cli.Tests.EndToEnd;

/// <summary>The service as its user runs it: the built Functions app under the local host, on a real Azurite with
/// blob, queue and table services (the Durable engine needs all three), with an API key and a signing key. The
/// tests talk to it only through <c>mcpo</c>, except to set the stage (issue a token, create an empty profile).</summary>
public sealed class ServiceFixture : IAsyncLifetime
{
    public string ApiKey { get; } = "cli-e2e-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16));

    public AzuriteProcess Azurite { get; private set; } = null!;

    public FunctionsAppProcess Service { get; private set; } = null!;

    public string Url => Service.Client.BaseAddress!.ToString().TrimEnd('/');

    public async Task InitializeAsync()
    {
        Azurite = await AzuriteProcess.StartWithBlobsAndQueuesAsync();
        Service = await FunctionsAppProcess.StartAsync(new Dictionary<string, string>
        {
            ["AzureWebJobsStorage"] = Azurite.ConnectionString,
            ["McpOrchestrator__ApiKey"] = ApiKey,
        });
        using var response = await SendAsync(HttpMethod.Post, "/v1/keys/initialize", new { });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    public async Task DisposeAsync()
    {
        await Service.DisposeAsync();
        await Azurite.DisposeAsync();
    }

    /// <summary>A new API token with these scopes (its secret).</summary>
    public async Task<string> IssueTokenAsync(string name, params string[] scopes)
    {
        using var response = await SendAsync(HttpMethod.Post, "/v1/tokens", new { name, scopes });
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.True(response.IsSuccessStatusCode, body?.ToJsonString());
        return body!["token"]!.GetValue<string>();
    }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Add("X-API-Key", ApiKey);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return await Service.Client.SendAsync(request);
    }
}
