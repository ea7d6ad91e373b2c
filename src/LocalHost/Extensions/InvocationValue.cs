namespace McpOrchestrator.LocalHost.Extensions;

/// <summary>A value crossing the gRPC boundary, as the protocol's <c>TypedData</c> kinds the host uses: text (a string),
/// a JSON text, or bytes.</summary>
public abstract record InvocationValue
{
    private InvocationValue()
    {
    }

    public sealed record Text(string Value) : InvocationValue;

    public sealed record Json(string Value) : InvocationValue;

    public sealed record Bytes(ReadOnlyMemory<byte> Value) : InvocationValue;
}
