using System.Text.Json;
using System.Text.Json.Serialization;
using McpOrchestrator.Core.Problems;
using Microsoft.AspNetCore.Http;

namespace McpOrchestrator.Functions.Http;

/// <summary>Reads a JSON request body under the API's rules: <c>application/json</c> only (415 otherwise), at most
/// <see cref="MaxBytes"/> (413, without reading further), well-formed JSON of the expected shape with no unknown
/// fields (400 with the JSON path and how to fix it).</summary>
public static class RequestBody
{
    public const int MaxBytes = 256 * 1024;

    /// <summary>The API's JSON rules. The resolver is set here, not on first use, because the OpenAPI document
    /// exports schemas from these options and may be the first to touch them in a fresh process.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(),
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        AllowTrailingCommas = false,
        AllowDuplicateProperties = false,
        ReadCommentHandling = JsonCommentHandling.Disallow,
    };

    public static async Task<T> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : class
    {
        var bytes = await ReadBytesAsync(request, cancellationToken);
        if (bytes.Length == 0)
        {
            throw Invalid("invalid_json", "The request body is empty; send a JSON object.");
        }

        try
        {
            return JsonSerializer.Deserialize<T>(bytes, Json)
                ?? throw Invalid("invalid_json", "The request body is JSON null; send a JSON object.");
        }
        catch (JsonException e)
        {
            var where = e.Path is { Length: > 1 } path ? $" at {path}" : string.Empty;
            var line = e.LineNumber is { } l ? $" (line {l + 1}, position {e.BytePositionInLine + 1})" : string.Empty;
            var detail = e.Message.Contains("could not be mapped", StringComparison.Ordinal)
                ? $"The request body has a field this endpoint does not know{where}{line}. Remove it; GET /openapi.json lists the fields."
                : $"The request body is not valid for this endpoint{where}{line}: check the JSON syntax and the field types. GET /openapi.json has the schema.";
            throw Invalid(e.Message.Contains("could not be mapped", StringComparison.Ordinal) ? "unknown_field" : "invalid_json", detail);
        }
    }

    /// <summary>Like <see cref="ReadAsync{T}"/>, but an absent or empty body means <paramref name="whenEmpty"/>.</summary>
    public static async Task<T> ReadOptionalAsync<T>(HttpRequest request, T whenEmpty, CancellationToken cancellationToken)
        where T : class
    {
        if (request.ContentLength == 0 || (request.ContentLength is null && !request.Headers.ContainsKey("Transfer-Encoding")))
        {
            return whenEmpty;
        }

        return await ReadAsync<T>(request, cancellationToken);
    }

    /// <summary>The body's bytes under the same rules (JSON media type, size limit), unparsed.</summary>
    public static Task<byte[]> ReadRawAsync(HttpRequest request, CancellationToken cancellationToken) => ReadBytesAsync(request, cancellationToken);

    private static async Task<byte[]> ReadBytesAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBytes)
        {
            throw TooLarge();
        }

        if (request.ContentLength is not 0 && !IsJson(request.ContentType))
        {
            throw new ProblemException(new Problem
            {
                Status = StatusCodes.Status415UnsupportedMediaType,
                Code = "unsupported_media_type",
                Title = "Unsupported Media Type",
                Detail = $"The request body must be JSON: send 'Content-Type: application/json' (got '{Describe(request.ContentType)}').",
            });
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                throw TooLarge();
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static bool IsJson(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType))
        {
            return false;
        }

        var mediaType = contentType.Split(';', 2)[0].Trim();
        return mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || (mediaType.StartsWith("application/", StringComparison.OrdinalIgnoreCase) && mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
    }

    private static string Describe(string? contentType) =>
        string.IsNullOrEmpty(contentType) ? "none" : contentType.Length > 100 ? contentType[..100] + "…" : contentType;

    private static ProblemException TooLarge() => new(new Problem
    {
        Status = StatusCodes.Status413PayloadTooLarge,
        Code = "payload_too_large",
        Title = "Payload Too Large",
        Detail = $"The request body is larger than {MaxBytes / 1024} KiB. Send a smaller body.",
    });

    private static ProblemException Invalid(string code, string detail) => new(new Problem
    {
        Status = StatusCodes.Status400BadRequest,
        Code = code,
        Title = "Bad Request",
        Detail = detail,
    });
}
