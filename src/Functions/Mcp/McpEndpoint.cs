using System.Security.Claims;
using System.Text.Json;
using McpOrchestrator.Core.Access;
using McpOrchestrator.Core.Problems;
using McpOrchestrator.Functions.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;

namespace McpOrchestrator.Functions.Mcp;

/// <summary>
/// The MCP Streamable HTTP endpoint inside an HTTP function. The protocol is the SDK's own: ModelContextProtocol.AspNetCore's
/// POST handler (stateless mode: a fresh server per request, nothing kept between requests, so any instance answers
/// any request), taken from its <c>MapMcp</c> endpoints and run on the function's <see cref="HttpContext"/>. It
/// negotiates the protocol version, checks <c>Accept</c> and the <c>MCP-Protocol-Version</c> header, and answers as
/// an SSE stream. In front of it, this type does what the SDK leaves to the application: the <c>Origin</c> check
/// (DNS rebinding), the body limit, the JSON-RPC parse error, refusing batches, the scope of a <c>tools/call</c>
/// (403 with the scope challenge the MCP authorization spec describes), and <c>notifications/cancelled</c> for calls
/// in flight on this instance.
/// </summary>
public sealed class McpEndpoint
{
    private readonly RequestDelegate _sdkPost;
    private readonly McpHandlers _handlers;
    private readonly InFlightRequests _inFlight;
    private readonly HashSet<string> _origins;

    public McpEndpoint(IServiceProvider services, McpHandlers handlers, InFlightRequests inFlight, IOptions<McpEndpointOptions> options, PublicAddress address)
    {
        var endpoints = new EndpointCollector(services);
        endpoints.MapMcp();
        _sdkPost = endpoints.DataSources.SelectMany(source => source.Endpoints).OfType<RouteEndpoint>()
            .Single(endpoint => endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Contains(HttpMethods.Post) == true)
            .RequestDelegate!;
        _handlers = handlers;
        _inFlight = inFlight;
        _origins = new HashSet<string>(McpEndpointOptionsValidator.Origins(options.Value.AllowedOrigins), StringComparer.OrdinalIgnoreCase);
        if (address.BaseUrl is { } baseUrl)
        {
            _origins.Add(new Uri(baseUrl).GetLeftPart(UriPartial.Authority));
        }
    }

    /// <summary>Answers one POST: a refusal as an <see cref="IActionResult"/>, or null when the SDK has written the
    /// response.</summary>
    public async Task<IActionResult?> PostAsync(HttpRequest request, Principal principal, DurableTaskClient durable, CancellationToken cancellationToken)
    {
        if (Refused(request) is { } refusal)
        {
            return refusal;
        }

        var body = await RequestBody.ReadRawAsync(request, cancellationToken);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            return new JsonRpcErrorResult(JsonRpcErrorResult.ParseError, $"Parse error: the body is not JSON ({e.Message}). Send one JSON-RPC message as a JSON object.");
        }

        using (document)
        {
            return await DispatchAsync(request, body, document.RootElement, principal, durable);
        }
    }

    /// <summary>One parsed message (<paramref name="message"/>, read from <paramref name="body"/>): refused here, or
    /// handed to the SDK with the caller attached.</summary>
    private async Task<IActionResult?> DispatchAsync(HttpRequest request, byte[] body, JsonElement message, Principal principal, DurableTaskClient durable)
    {
        if (message.ValueKind == JsonValueKind.Array)
        {
            return new JsonRpcErrorResult(JsonRpcErrorResult.InvalidRequest,
                "Invalid Request: JSON-RPC batches are not accepted (MCP removed them in protocol version 2025-06-18). Send each message as its own POST.");
        }

        if (message.ValueKind != JsonValueKind.Object)
        {
            return new JsonRpcErrorResult(JsonRpcErrorResult.InvalidRequest, "Invalid Request: a JSON-RPC message is a JSON object with \"jsonrpc\": \"2.0\".");
        }

        var method = Text(message, "method");
        var parameters = message.TryGetProperty("params", out var p) && p.ValueKind == JsonValueKind.Object ? p : default;
        if (method is "tools/call" or "resources/read" or "prompts/get")
        {
            var scope = method == "tools/call" ? _handlers.ScopeFor(Text(parameters, "name")) : Scopes.Tools;
            if (!principal.Has(scope))
            {
                return new ProblemResult(AccessProblems.InsufficientScope(principal, scope));
            }
        }
        else if (method == "notifications/cancelled" && Id(parameters, "requestId") is { } cancelledId)
        {
            _inFlight.Cancel(principal.Id, cancelledId);
        }

        using var registration = method is "tools/call" && Id(message, "id") is { } id ? _inFlight.Register(principal.Id, id) : null;
        request.Body = new MemoryStream(body, writable: false);
        request.ContentLength = body.Length;
        request.HttpContext.User = new ClaimsPrincipal(new McpCaller(principal, durable, registration?.Token ?? CancellationToken.None));
        await _sdkPost(request.HttpContext);
        return null;
    }

    private ProblemResult? Refused(HttpRequest request)
    {
        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0 || _origins.Contains(origin))
        {
            return null;
        }

        return new ProblemResult(new Problem
        {
            Status = StatusCodes.Status403Forbidden,
            Code = "origin_not_allowed",
            Title = "Origin not allowed",
            Detail = $"Requests from the browser origin '{(origin.Length > 100 ? origin[..100] + "…" : origin)}' are refused (a defence against DNS rebinding). "
                + "An operator allows an origin by adding it to the app setting McpOrchestrator__McpEndpoint__AllowedOrigins.",
        });
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    /// <summary>A JSON-RPC id (string or number) as text, keeping the two apart.</summary>
    private static string? Id(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => "s:" + value.GetString(),
                JsonValueKind.Number => "n:" + value.GetRawText(),
                _ => null,
            }
            : null;

    /// <summary>Collects the endpoints <c>MapMcp</c> defines, to run their request delegates directly.</summary>
    private sealed class EndpointCollector(IServiceProvider services) : IEndpointRouteBuilder
    {
        public IServiceProvider ServiceProvider => services;

        public ICollection<EndpointDataSource> DataSources { get; } = [];

        public IApplicationBuilder CreateApplicationBuilder() => new ApplicationBuilder(services);
    }
}
