namespace McpOrchestrator.Functions.Mcp;

/// <summary>Settings of the <c>/mcp</c> endpoint, under <c>McpOrchestrator:McpEndpoint</c>
/// (<c>McpOrchestrator__McpEndpoint__*</c>).</summary>
public sealed class McpEndpointOptions
{
    public const string Section = "McpOrchestrator:McpEndpoint";

    /// <summary>Browser origins allowed to call <c>/mcp</c>, comma-separated (<c>https://app.example,http://localhost:6274</c>).
    /// A request with an <c>Origin</c> header outside this list (and not the service's own public origin) is refused:
    /// the transport's defence against DNS rebinding. Requests without <c>Origin</c> (every non-browser client) are
    /// not affected. Keep it in step with the host's CORS list.</summary>
    public string? AllowedOrigins { get; set; }
}
