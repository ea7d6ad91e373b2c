using Google.Protobuf;
using McpOrchestrator.LocalHost.Extensions;
using McpOrchestrator.LocalHost.Rpc;

namespace McpOrchestrator.LocalHost.Worker;

/// <summary>Conversions between the extension contract's values and the protocol's <c>TypedData</c>.</summary>
internal static class RpcValues
{
    public static TypedData ToTypedData(InvocationValue value) => value switch
    {
        InvocationValue.Text text => new TypedData { String = text.Value },
        InvocationValue.Json json => new TypedData { Json = json.Value },
        InvocationValue.Bytes bytes => new TypedData { Bytes = ByteString.CopyFrom(bytes.Value.Span) },
        _ => throw new ArgumentOutOfRangeException(nameof(value)),
    };

    public static InvocationValue? FromTypedData(TypedData? data) => data?.DataCase switch
    {
        TypedData.DataOneofCase.String => new InvocationValue.Text(data.String),
        TypedData.DataOneofCase.Json => new InvocationValue.Json(data.Json),
        TypedData.DataOneofCase.Bytes => new InvocationValue.Bytes(data.Bytes.Memory),
        TypedData.DataOneofCase.Stream => new InvocationValue.Bytes(data.Stream.Memory),
        TypedData.DataOneofCase.Int => new InvocationValue.Json(data.Int.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        TypedData.DataOneofCase.Double => new InvocationValue.Json(data.Double.ToString("R", System.Globalization.CultureInfo.InvariantCulture)),
        _ => null,
    };

    public static InvocationOutcome ToOutcome(InvocationResponse response)
    {
        var outputs = new Dictionary<string, InvocationValue>(StringComparer.Ordinal);
        foreach (var output in response.OutputData)
        {
            if (FromTypedData(output.Data) is { } value)
            {
                outputs[output.Name] = value;
            }
        }

        var succeeded = response.Result?.Status == StatusResult.Types.Status.Success;
        InvocationFailure? failure = succeeded
            ? null
            : new InvocationFailure(
                NullIfEmpty(response.Result?.Exception?.Type),
                response.Result?.Exception?.Message is { Length: > 0 } message ? message : response.Result?.Result ?? "The function failed.",
                NullIfEmpty(response.Result?.Exception?.StackTrace));
        return new InvocationOutcome(succeeded, FromTypedData(response.ReturnValue), outputs, failure);
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
