namespace McpOrchestrator.Core.Clients;

/// <summary>The value a client writes in an entry's type field for each transport; null writes no type field (the
/// client infers the transport). On import every known label of every client is understood: <c>stdio</c>,
/// <c>local</c>; <c>http</c>, <c>streamable-http</c>, <c>streamableHttp</c>, <c>streamable_http</c>,
/// <c>remote</c>; <c>sse</c>.</summary>
public sealed record TransportLabels(string? Stdio, string? Http, string? Sse)
{
    /// <summary>No type field at all.</summary>
    public static TransportLabels None { get; } = new(null, null, null);

    public string? For(Configs.Transport transport) => transport switch
    {
        Configs.Transport.Stdio => Stdio,
        Configs.Transport.Http => Http,
        Configs.Transport.Sse => Sse,
        _ => throw new ArgumentOutOfRangeException(nameof(transport), transport, null),
    };
}
