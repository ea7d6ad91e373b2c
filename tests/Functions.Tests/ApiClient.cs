using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using McpOrchestrator.TestSupport;

namespace McpOrchestrator.Functions.Tests;

/// <summary>Talks to the running service with the API key, as a script or automation would.</summary>
public sealed class ApiClient(FunctionsAppProcess service, string apiKey)
{
    public async Task<(int Status, JsonNode? Body, HttpResponseMessage Response)> SendAsync(
        HttpMethod method, string path, object? body = null, string? ifMatch = null, string? rawBody = null, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Add("X-API-Key", apiKey);
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        if (rawBody is not null)
        {
            request.Content = new StringContent(rawBody, Encoding.UTF8, contentType);
        }
        else if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: new JsonSerializerOptions(JsonSerializerDefaults.Web));
        }

        var response = await service.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text), response);
    }

    public async Task<JsonNode> GetAsync(string path) => await ExpectAsync(HttpMethod.Get, path, null, 200);

    public async Task<JsonNode> ExpectAsync(HttpMethod method, string path, object? body, int status)
    {
        var (actual, json, response) = await SendAsync(method, path, body);
        using (response)
        {
            Assert.True(actual == status, $"{method} {path}: expected {status}, got {actual}: {json?.ToJsonString()}");
            return json ?? new JsonObject();
        }
    }
}
