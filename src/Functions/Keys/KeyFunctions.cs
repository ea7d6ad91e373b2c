using McpOrchestrator.Core.Access;
using McpOrchestrator.Core.Signing;
using McpOrchestrator.Functions.Http;
using McpOrchestrator.Functions.OpenApi;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace McpOrchestrator.Functions.Keys;

/// <summary>Signing keys: initialise or rotate (admin), and the public JWKS (RFC 7517) anyone can verify artifacts with.</summary>
public sealed class KeyFunctions(SigningKeyService keys)
{
    [Function("InitializeSigningKey")]
    [RequiresScope(Scopes.Admin)]
    [OpenApiOperation("keys", "Initialise or rotate the signing key",
        "Creates the ES256 (P-256) signing key. With rotate=true, makes a new current key and keeps the old ones for verification; without it, 409 when a key exists.",
        Request = typeof(InitializeKeysRequest), RequestOptional = true, Response = typeof(SigningKeyInfo), SuccessStatus = StatusCodes.Status201Created, Errors = [StatusCodes.Status409Conflict])]
    public async Task<IActionResult> InitializeSigningKey(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/keys/initialize")] HttpRequest request, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadOptionalAsync(request, new InitializeKeysRequest(), cancellationToken);
        var key = await keys.InitializeAsync(body.Rotate, cancellationToken);
        return new ObjectResult(key) { StatusCode = StatusCodes.Status201Created };
    }

    [Function("ListSigningKeys")]
    [PublicEndpoint]
    [OpenApiOperation("keys", "Signing keys (JWKS)", "Every signing key's public JWK, current first; verify an artifact's JWS with any JOSE library.", Response = typeof(JsonWebKeySet))]
    public async Task<IActionResult> ListSigningKeys(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/keys")] HttpRequest request, CancellationToken cancellationToken) =>
        new OkObjectResult(await keys.GetJwksAsync(cancellationToken));
}
