using System.Text.Json.Nodes;
using McpOrchestrator.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace McpOrchestrator.Functions.OpenApi;

/// <summary><c>GET /openapi.json</c>.</summary>
public sealed class OpenApiFunctions(OpenApiDocument document)
{
    [Function("OpenApiDocument")]
    [PublicEndpoint]
    [OpenApiOperation("meta", "OpenAPI document", "This document: every route with its parameters, schemas, errors and required scope.", Response = typeof(JsonObject))]
    public IActionResult GetOpenApiDocument(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "openapi.json")] HttpRequest request) =>
        new ContentResult { Content = document.Json, ContentType = "application/json", StatusCode = StatusCodes.Status200OK };
}
