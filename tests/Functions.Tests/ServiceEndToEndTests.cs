using System.Net;
using System.Text.Json;
using McpOrchestrator.TestSupport;

namespace McpOrchestrator.Functions.Tests;

/// <summary>The service started as its user starts it, against a real Azurite, spoken to over HTTP.</summary>
public sealed class ServiceEndToEndTests : IAsyncLifetime
{
    private AzuriteProcess _azurite = null!;
    private FunctionsAppProcess _service = null!;

    public async Task InitializeAsync()
    {
        _azurite = await AzuriteProcess.StartWithBlobsAndQueuesAsync();
        _service = await FunctionsAppProcess.StartAsync(new Dictionary<string, string>
        {
            ["AzureWebJobsStorage"] = _azurite.ConnectionString,
        });
    }

    public async Task DisposeAsync()
    {
        await _service.DisposeAsync();
        await _azurite.DisposeAsync();
    }

    [Fact]
    public async Task OpenApi_Answers200_AsTheFirstRequestOfAFreshProcess()
    {
        // Regression (issue 15, item 2): the document's schemas were exported from JSON options that had no resolver
        // until some other request had used them, and the failure was cached for the life of the process.
        using var first = await _service.Client.GetAsync("/openapi.json");
        using var second = await _service.Client.GetAsync("/openapi.json");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        using var document = JsonDocument.Parse(await first.Content.ReadAsStringAsync());
        Assert.True(document.RootElement.GetProperty("components").GetProperty("schemas").TryGetProperty("PublishRequestBody", out _));
        var publish = document.RootElement.GetProperty("paths").GetProperty("/v1/config/{clientId}/{profileId}/publish").GetProperty("post");
        Assert.False(publish.GetProperty("requestBody").GetProperty("required").GetBoolean(), "publish takes an optional body");
        var add = document.RootElement.GetProperty("paths").GetProperty("/v1/config/{clientId}/{profileId}/draft/add").GetProperty("post");
        Assert.True(add.GetProperty("requestBody").GetProperty("required").GetBoolean(), "draft/add needs its body");
    }

    [Fact]
    public async Task Health_IsOk_WhileStorageAnswers()
    {
        using var response = await _service.Client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("healthy", body.RootElement.GetProperty("status").GetString());
        Assert.Equal("up", body.RootElement.GetProperty("checks").GetProperty("storage").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Health_Answers503WhileStorageIsDown_AndRecoversWithoutRestart()
    {
        await _azurite.StopAsync();

        using (var down = await _service.Client.GetAsync("/health"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
            Assert.Equal("application/problem+json", down.Content.Headers.ContentType?.MediaType);
            Assert.Equal("5", Assert.Single(down.Headers.GetValues("Retry-After")));
            using var problem = JsonDocument.Parse(await down.Content.ReadAsStringAsync());
            Assert.Equal(503, problem.RootElement.GetProperty("status").GetInt32());
            Assert.Equal("service_unhealthy", problem.RootElement.GetProperty("code").GetString());
            Assert.Equal("down", problem.RootElement.GetProperty("checks").GetProperty("storage").GetProperty("status").GetString());
            Assert.DoesNotContain(AzuriteProcess.AccountKey, problem.RootElement.GetRawText(), StringComparison.Ordinal);
        }

        await _azurite.StartAsync();

        using var up = await _service.Client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, up.StatusCode);
    }

    [Fact]
    public async Task NeverUsedBearerToken_DuringAStorageOutage_Is503StorageUnavailable_Not401()
    {
        // Issue 15, item 15c: a token this instance has never validated cannot be told apart from an unknown one
        // without storage, so the answer is "retry", not "your credential is bad".
        await _azurite.StopAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/servers");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Core.Access.TokenFormat.Generate());

        using var response = await _service.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("5", Assert.Single(response.Headers.GetValues("Retry-After")));
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("storage_unavailable", problem.RootElement.GetProperty("code").GetString());
    }

    [Fact]
    public async Task UnknownRoute_And_WrongMethod_AreProblems()
    {
        using var unknown = await _service.Client.GetAsync("/v1/nothing-here");
        using var wrongMethod = await _service.Client.PostAsync("/health", content: null);

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, wrongMethod.StatusCode);
        Assert.Equal("application/problem+json", wrongMethod.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Invocations_AreLoggedWithTheirIds_AndNoSecret()
    {
        using var response = await _service.Client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await _service.WaitForLineAsync(@"Executed 'Functions\.Health' \(Succeeded, Id=[0-9a-f-]{36}, Duration=\d+ms\)");
        Assert.DoesNotContain(AzuriteProcess.AccountKey, _service.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MalformedStorageSetting_StopsTheServiceAtStart_NamingTheSetting()
    {
        var start = FunctionsAppProcess.StartAsync(new Dictionary<string, string>
        {
            ["AzureWebJobsStorage"] = "AccountName=devstoreaccount1;AccountKey=not-base64!!;TableEndpoint=http://127.0.0.1:1/devstoreaccount1",
        });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => start);

        Assert.Contains("AzureWebJobsStorage", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not-base64!!", error.Message, StringComparison.Ordinal);
    }
}
