using System.Text.Json;
using Azure;

namespace McpOrchestrator.Core.Storage;

/// <summary>Turns Table service error responses into <see cref="RequestFailedException"/> with status and error code.</summary>
internal static class TableErrors
{
    public static RequestFailedException FromResponse(Response response, string operation)
    {
        var (code, message) = Parse(response.Headers.TryGetValue("x-ms-error-code", out var header) ? header : null, response.Content.ToMemory().Span);
        return new RequestFailedException(response.Status, Describe(operation, response.Status, code, message), code, null);
    }

    public static string Describe(string operation, int status, string? code, string? message) =>
        $"{operation} failed: {status} {code ?? "(no error code)"}{(string.IsNullOrEmpty(message) ? string.Empty : ": " + message)}";

    /// <summary>The error code (header first, then <c>odata.error.code</c>) and the first line of the service message.</summary>
    public static (string? Code, string? Message) Parse(string? headerCode, ReadOnlySpan<byte> body)
    {
        string? code = string.IsNullOrEmpty(headerCode) ? null : headerCode;
        string? message = null;
        if (!body.IsEmpty)
        {
            try
            {
                var reader = new Utf8JsonReader(body);
                using var document = JsonDocument.ParseValue(ref reader);
                if (document.RootElement.ValueKind == JsonValueKind.Object
                    && document.RootElement.TryGetProperty("odata.error", out var error))
                {
                    if (code is null && error.TryGetProperty("code", out var codeElement) && codeElement.ValueKind == JsonValueKind.String)
                    {
                        code = codeElement.GetString();
                    }

                    if (error.TryGetProperty("message", out var messageElement))
                    {
                        message = messageElement.ValueKind switch
                        {
                            JsonValueKind.Object when messageElement.TryGetProperty("value", out var value) => value.GetString(),
                            JsonValueKind.String => messageElement.GetString(),
                            _ => null,
                        };
                    }
                }
            }
            catch (JsonException)
            {
                // Not JSON (e.g. an XML error from a proxy): keep what the header said.
            }
        }

        if (message is not null)
        {
            var newline = message.IndexOf('\n', StringComparison.Ordinal);
            message = newline >= 0 ? message[..newline] : message;
        }

        return (string.IsNullOrEmpty(code) ? null : code, message);
    }
}
