using McpOrchestrator.Functions.Http;
using McpOrchestrator.Functions.OpenApi;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace McpOrchestrator.Functions.Keys;

/// <summary>The public signing keys, as a JWKS (RFC 7517), so anyone can verify a published artifact.</summary>
public sealed class KeyFunctions
{
    [Function("ListSigningKeys")]
    [PublicEndpoint]
    [OpenApiOperation("keys", "Signing keys (JWKS)", "Every signing key's public JWK, current first. Empty until keys are initialised.", Response = typeof(JsonWebKeySet))]
    public static IActionResult ListSigningKeys(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/keys")] HttpRequest request) =>
        new OkObjectResult(new JsonWebKeySet([]));
}
