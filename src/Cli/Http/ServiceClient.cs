using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace McpOrchestrator.Cli.Http;

/// <summary>Calls the MCP Orchestrator HTTP API over one shared <see cref="HttpClient"/>: JSON bodies, the token as
/// <c>Authorization: Bearer</c>, and every failure turned into a one-line <see cref="ServiceException"/> (from the
/// service's problem+json) or <see cref="CliException"/> (unreachable, timed out).</summary>
public sealed class ServiceClient(HttpClient http, ServiceEndpoint endpoint, TimeProvider? time = null)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public ServiceEndpoint Endpoint { get; } = endpoint;

    public async Task<JsonNode> GetAsync(string path, CancellationToken cancellationToken) =>
        (await SendAsync(HttpMethod.Get, path, null, cancellationToken)).Body ?? new JsonObject();

    /// <summary>
    /// Every page of a paged list: GETs <paramref name="path"/>, then, while the answer has a <c>nextLink</c>, the
    /// same path with that link's <c>cursor</c>, and answers the first page's body with the array
    /// <paramref name="items"/> holding every page's items (and <c>count</c>, if the body has one, their number). Only
    /// the cursor is taken from the link, so the token goes to this endpoint alone, whatever host the link names.
    /// </summary>
    public async Task<JsonObject> GetAllPagesAsync(string path, string items, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(items);
        var first = await GetAsync(path, cancellationToken) as JsonObject ?? [];
        var all = new JsonArray([.. (first[items] as JsonArray ?? []).Select(item => item?.DeepClone())]);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var body = first;
        while (body["nextLink"]?.GetValue<string>() is { Length: > 0 } nextLink)
        {
            var cursor = CursorOf(nextLink);
            if (cursor is null || !seen.Add(cursor))
            {
                throw new CliException($"the service answered a nextLink this version of mcpo cannot follow ({nextLink}).");
            }

            body = await GetAsync(path + (path.Contains('?', StringComparison.Ordinal) ? '&' : '?') + "cursor=" + Uri.EscapeDataString(cursor), cancellationToken) as JsonObject ?? [];
            foreach (var item in body[items] as JsonArray ?? [])
            {
                all.Add(item?.DeepClone());
            }
        }

        first[items] = all;
        first.Remove("nextLink");
        if (first.ContainsKey("count"))
        {
            first["count"] = all.Count;
        }

        return first;
    }

    private static string? CursorOf(string link)
    {
        var query = link.IndexOf('?', StringComparison.Ordinal) is var at and >= 0 ? link[(at + 1)..] : string.Empty;
        foreach (var pair in query.Split('&'))
        {
            if (pair.StartsWith("cursor=", StringComparison.Ordinal))
            {
                return Uri.UnescapeDataString(pair["cursor=".Length..]);
            }
        }

        return null;
    }

    public async Task<JsonNode> PostAsync(string path, object? body, CancellationToken cancellationToken) =>
        (await SendAsync(HttpMethod.Post, path, body, cancellationToken)).Body ?? new JsonObject();

    /// <summary>Sends a request and answers the status, the JSON body and the <c>Retry-After</c> delay; throws for any
    /// status outside 2xx.</summary>
    public async Task<ServiceResponse> SendAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(path);
        using var request = new HttpRequestMessage(method, new Uri(Endpoint.BaseUri, path.TrimStart('/')));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (Endpoint.Token is { Length: > 0 } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (body is not null)
        {
            request.Content = new StringContent(JsonSerializer.Serialize(body, Json), Encoding.UTF8, "application/json");
        }

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            var reason = ex.InnerException is SocketException socket ? socket.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => "connection refused",
                SocketError.HostNotFound => "host not found",
                SocketError.TimedOut => "timed out",
                _ => socket.Message,
            } : ex.Message;
            throw new CliException($"cannot reach the service at {Endpoint.BaseUri} ({reason}); check that it is running, or set its URL with 'mcpo login --url URL' or MCPO_URL.", inner: ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CliException($"the service at {Endpoint.BaseUri} did not answer within {http.Timeout.TotalSeconds:0} s.", inner: ex);
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            var status = (int)response.StatusCode;
            JsonNode? json = null;
            if (text.Length > 0)
            {
                try
                {
                    json = JsonNode.Parse(text);
                }
                catch (JsonException)
                {
                    json = null;
                }
            }

            if (!response.IsSuccessStatusCode)
            {
                throw Refusal(response, status, json);
            }

            var retryAfter = response.Headers.RetryAfter?.Delta ?? (response.Headers.RetryAfter?.Date is { } date ? date - (time ?? TimeProvider.System).GetUtcNow() : null);
            return new ServiceResponse(status, json, retryAfter);
        }
    }

    private ServiceException Refusal(HttpResponseMessage response, int status, JsonNode? body)
    {
        var code = body?["code"] is JsonValue c && c.TryGetValue<string>(out var s) ? s : null;
        var detail = body?["detail"] is JsonValue d && d.TryGetValue<string>(out var t) ? OneLine(t) : null;
        var login = $"log in again with 'mcpo login --url {Endpoint.BaseUri} --token -', or set MCPO_TOKEN.";
        var message = response.StatusCode switch
        {
            HttpStatusCode.Unauthorized when Endpoint.Token is null => $"the service needs a token ({code ?? "401"}): {login}",
            HttpStatusCode.Unauthorized => $"the service refused the token ({code ?? "401"}){(detail is null ? "" : ": " + detail)}; {login}",
            HttpStatusCode.Forbidden => $"the token lacks the scope for this ({code ?? "403"}){(detail is null ? "" : ": " + detail)}",
            _ when detail is not null => $"{detail} ({code ?? status.ToString(System.Globalization.CultureInfo.InvariantCulture)})",
            _ => $"the service answered {status} {response.ReasonPhrase} to {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.AbsolutePath}",
        };
        return new ServiceException(status, code, message);
    }

    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
