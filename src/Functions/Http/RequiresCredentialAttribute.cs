namespace McpOrchestrator.Functions.Http;

/// <summary>Declares an HTTP function that needs a valid credential but no particular scope, because it checks scopes
/// per operation itself (the MCP endpoint: per tool). Its 401s point at the OAuth protected resource metadata
/// (RFC 9728) at <see cref="ResourceMetadataPath"/>, as the MCP authorization spec asks.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequiresCredentialAttribute(string resourceMetadataPath) : Attribute
{
    public string ResourceMetadataPath { get; } = resourceMetadataPath;
}
