using System.Text.Json;
using System.Text.Json.Nodes;
using McpOrchestrator.Core.Signing;
using McpOrchestrator.Core.Tests.Canonical;

namespace McpOrchestrator.Core.Tests.Signing;

/// <summary>The npm <c>jose</c> package, run by <c>jose-tool.mjs</c>: an independent JOSE implementation.</summary>
internal static class JoseTool
{
    private const string Script = "tests/Core.Tests/Signing/jose-tool.mjs";

    public static async Task<JoseVerification> VerifyAsync(JsonWebKeySet jwks, string jws)
    {
        var output = await NodeScript.RunAsync(Script, "verify", JsonSerializer.Serialize(new { jwks, jws }, JsonSerializerOptions.Web));
        var reply = JsonNode.Parse(output)!.AsObject();
        return new JoseVerification(
            reply["ok"]!.GetValue<bool>(),
            reply["payload"]?.GetValue<string>(),
            reply["header"]?.AsObject(),
            reply["code"]?.GetValue<string>());
    }

    /// <summary>jose makes a fresh ES256 key, signs <paramref name="payload"/> (UTF-8) and returns its JWKS and the JWS.</summary>
    public static async Task<(JsonWebKeySet Jwks, string Jws)> SignAsync(string payload)
    {
        var output = await NodeScript.RunAsync(Script, "sign", JsonSerializer.Serialize(new { payload }));
        var reply = JsonNode.Parse(output)!.AsObject();
        return (reply["jwks"].Deserialize<JsonWebKeySet>()!, reply["jws"]!.GetValue<string>());
    }

    public static async Task<string> ThumbprintAsync(JsonWebKey jwk)
    {
        var output = await NodeScript.RunAsync(Script, "thumbprint", JsonSerializer.Serialize(new { jwk }));
        return JsonNode.Parse(output)!["thumbprint"]!.GetValue<string>();
    }

    public sealed record JoseVerification(bool Ok, string? Payload, JsonObject? Header, string? Code);
}
