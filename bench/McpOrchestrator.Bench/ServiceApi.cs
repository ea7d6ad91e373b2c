using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using McpOrchestrator.TestSupport;

namespace McpOrchestrator.Bench;

/// <summary>Calls to a Functions app with the API key (<c>X-API-Key</c>), each checked for the status it must answer.</summary>
public sealed class ServiceApi(FunctionsAppProcess app, string apiKey)
{
    public const string ApiKeyHeader = "X-API-Key";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public FunctionsAppProcess App { get; } = app;

    /// <summary>Sends one request; throws <see cref="BenchFailedException"/> unless it answers one of <paramref name="expected"/>.</summary>
    public async Task<(HttpStatusCode Status, string Body)> SendAsync(
        HttpMethod method, string path, object? body, CancellationToken cancellationToken, params HttpStatusCode[] expected)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.TryAddWithoutValidation(ApiKeyHeader, apiKey);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: Json);
        }

        using var response = await App.Client.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (expected.Length > 0 && !expected.Contains(response.StatusCode))
        {
            throw new BenchFailedException($"{method} {path} answered {(int)response.StatusCode}: {Shorten(text)}");
        }

        return (response.StatusCode, text);
    }

    /// <summary>One measured GET: 200 and the whole body read, or it throws.</summary>
    public Func<CancellationToken, Task> Get(string path) => async token =>
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation(ApiKeyHeader, apiKey);
        using var response = await App.Client.SendAsync(request, HttpCompletionOption.ResponseContentRead, token);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new BenchFailedException($"GET {path} answered {(int)response.StatusCode}: {Shorten(await response.Content.ReadAsStringAsync(token))}");
        }
    };

    /// <summary>Creates the profile and adds each (server id, parameters) to its draft.</summary>
    public async Task BuildDraftAsync(
        string clientId, string profileId, IEnumerable<(string ServerId, Dictionary<string, string>? Params)> entries, CancellationToken cancellationToken)
    {
        await SendAsync(HttpMethod.Put, $"/v1/clients/{clientId}/profiles/{profileId}", new { description = "bench" }, cancellationToken,
            HttpStatusCode.Created, HttpStatusCode.OK);
        foreach (var (serverId, parameters) in entries)
        {
            await SendAsync(HttpMethod.Post, $"/v1/config/{clientId}/{profileId}/draft/add", new { serverId, @params = parameters }, cancellationToken,
                HttpStatusCode.Created);
        }
    }

    /// <summary>The API key environment for an app: the storage settings plus <c>McpOrchestrator__ApiKey</c>.</summary>
    public static Dictionary<string, string> Environment(BenchStorage storage, string apiKey) =>
        new(storage.AppEnvironment) { ["McpOrchestrator__ApiKey"] = apiKey };

    /// <summary>The five servers of the measured drafts: built-ins, one with a required parameter.</summary>
    public static IReadOnlyList<(string ServerId, Dictionary<string, string>? Params)> FiveServers { get; } =
    [
        ("memory", null),
        ("time", null),
        ("filesystem", new Dictionary<string, string> { ["path"] = "/tmp/bench" }),
        ("everything", null),
        ("sequential-thinking", null),
    ];

    private static string Shorten(string text) => text.Length <= 600 ? text : text[..600] + "…";
}
