using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace McpOrchestrator.Functions.Mcp;

/// <summary>A JSON-RPC error response written before the SDK sees the request (a body that is not JSON, a batch),
/// with the id null as JSON-RPC requires when the request's id cannot be read.</summary>
public sealed class JsonRpcErrorResult(int code, string message, int status = StatusCodes.Status400BadRequest) : IActionResult
{
    public const int ParseError = -32700;
    public const int InvalidRequest = -32600;

    public Task ExecuteResultAsync(ActionContext context)
    {
        var response = context.HttpContext.Response;
        response.StatusCode = status;
        response.ContentType = "application/json";
        var body = JsonSerializer.SerializeToUtf8Bytes(new { jsonrpc = "2.0", id = (string?)null, error = new { code, message } });
        return response.Body.WriteAsync(body, context.HttpContext.RequestAborted).AsTask();
    }
}
