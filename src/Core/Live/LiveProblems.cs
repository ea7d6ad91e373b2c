using System.Globalization;
using McpOrchestrator.Core.Mcp;
using McpOrchestrator.Core.Problems;

namespace McpOrchestrator.Core.Live;

/// <summary>
/// The refusals of tool routing, each with a stable code:
/// <list type="table">
/// <item><term>400 <c>invalid_call</c></term><description>a batch call without server or tool</description></item>
/// <item><term>400 <c>invalid_arguments</c></term><description>arguments that are not a JSON object, fail the tool's
/// input schema (nothing is sent), or that the server refused as invalid params</description></item>
/// <item><term>400 <c>invalid_timeout</c></term><description><c>timeoutMs</c> out of bounds</description></item>
/// <item><term>400 <c>invalid_batch</c>, <c>too_many_calls</c>, <c>invalid_max_parallel</c></term><description>a
/// batch's shape</description></item>
/// <item><term>400 <c>invalid_batch_timeout</c></term><description>a batch's <c>timeoutMs</c> below 1 or above the
/// service's <c>BatchTimeout</c> (a batch may lower the deadline, never raise it)</description></item>
/// <item><term><c>batch_timeout</c> (a call's outcome in a batch)</term><description>the batch's deadline passed before
/// the call finished; it was cancelled on its server or never started</description></item>
/// <item><term>429 <c>too_many_batches</c> + <c>Retry-After</c></term><description>the credential already has
/// <c>MaxConcurrentBatches</c> batches running on this instance</description></item>
/// <item><term>400 <c>invalid_cursor</c></term><description>a listing cursor this service did not make</description></item>
/// <item><term>404 <c>connection_not_found</c></term><description>no live server of that name</description></item>
/// <item><term>404 <c>resource_not_found</c>, <c>prompt_not_found</c></term><description>no live server has that resource or prompt</description></item>
/// <item><term>404 <c>tool_not_found</c></term><description>the server lists no such tool, or its entry's filter
/// excludes it</description></item>
/// <item><term>503 <c>server_unavailable</c> + <c>Retry-After</c></term><description>the server is not connected
/// (starting, reconnecting, crashed), or its circuit is open after repeated failures (<c>failureKind</c>
/// <c>circuit_open</c>; <c>Retry-After</c> is the rest of the break)</description></item>
/// <item><term>503 <c>server_overloaded</c> + <c>Retry-After</c></term><description>the server's bound on concurrent
/// and queued calls is reached</description></item>
/// <item><term>504 <c>call_timeout</c></term><description>no answer within the call's timeout (the call was cancelled
/// on the server)</description></item>
/// <item><term>502 <c>server_error</c></term><description>the server answered with a protocol error or an HTTP
/// client error</description></item>
/// <item><term>502 <c>result_too_large</c></term><description>the answer exceeds the result limit</description></item>
/// </list>
/// </summary>
public static class LiveProblems
{
    public static Problem ConnectionNotFound(string name, string profile, IEnumerable<string> live)
    {
        var names = live.ToList();
        var known = names.Count == 0
            ? $"No server is live: deploy servers to orchestrator/{profile} (the profile is set by McpOrchestrator__LiveProfile)."
            : $"Live servers: {string.Join(", ", names.Take(20))}{(names.Count > 20 ? ", …" : string.Empty)}.";
        return new Problem
        {
            Status = 404,
            Code = "connection_not_found",
            Title = "Connection not found",
            Detail = $"No live server is named '{name}'. {known} GET /v1/connections lists them.",
            Extensions = new Dictionary<string, object?> { ["server"] = name },
        };
    }

    public static Problem ToolNotFound(string server, string tool, bool excluded) => new()
    {
        Status = 404,
        Code = "tool_not_found",
        Title = "Tool not found",
        Detail = excluded
            ? $"Tool '{tool}' of server '{server}' is excluded by the server entry's tool filter. Change the entry's tools include/exclude and deploy, or call another tool; GET /v1/tools lists what can be called."
            : $"Server '{server}' lists no tool named '{tool}' (names are case-sensitive). GET /v1/tools lists what can be called.",
        Extensions = new Dictionary<string, object?> { ["server"] = server, ["tool"] = tool },
    };

    public static Problem InvalidCall(string detail) => BadRequest("invalid_call", detail);

    public static Problem ArgumentsNotObject(string server, string tool) =>
        BadRequest("invalid_arguments", $"The arguments of {server}/{tool} must be a JSON object (use {{}} for none).", server, tool);

    public static Problem ArgumentsInvalid(string server, string tool, IReadOnlyList<string> violations) =>
        BadRequest(
            "invalid_arguments",
            $"The arguments do not match the input schema of {server}/{tool}: {string.Join("; ", violations)}. Nothing was sent to the server; GET /v1/tools has the schema.",
            server,
            tool,
            new Dictionary<string, object?> { ["violations"] = violations });

    public static Problem ArgumentsRefused(string server, string tool, string reason) =>
        BadRequest("invalid_arguments", $"Server '{server}' refused the arguments of {tool}: {reason}", server, tool);

    public static Problem InvalidTimeout(int timeoutMs, TimeSpan max) =>
        BadRequest("invalid_timeout", $"timeoutMs is {timeoutMs.ToString(CultureInfo.InvariantCulture)}; give 1 to {((long)max.TotalMilliseconds).ToString(CultureInfo.InvariantCulture)} milliseconds, or leave it out for the default.");

    public static Problem InvalidBatch(string detail) => BadRequest("invalid_batch", detail);

    public static Problem TooManyCalls(int count, int max) =>
        BadRequest("too_many_calls", $"The batch has {count.ToString(CultureInfo.InvariantCulture)} calls; send at most {max.ToString(CultureInfo.InvariantCulture)} per request.");

    public static Problem InvalidMaxParallel(int value, int max) =>
        BadRequest("invalid_max_parallel", $"maxParallel is {value.ToString(CultureInfo.InvariantCulture)}; give 1 or more (values above {max.ToString(CultureInfo.InvariantCulture)} are capped).");

    public static Problem InvalidBatchTimeout(int timeoutMs, TimeSpan max)
    {
        var limit = ((long)max.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
        return BadRequest(
            "invalid_batch_timeout",
            $"The batch's timeoutMs is {timeoutMs.ToString(CultureInfo.InvariantCulture)}; give 1 to {limit} milliseconds, or leave it out for {limit}. A batch may lower the service's deadline (McpOrchestrator__Live__BatchTimeout), never raise it: split a longer job into several batches.");
    }

    public static Problem BatchTimeout(TimeSpan deadline) => new()
    {
        Status = 504,
        Code = "batch_timeout",
        Title = "Batch deadline passed",
        Detail = $"The batch's deadline of {((long)deadline.TotalMilliseconds).ToString(CultureInfo.InvariantCulture)} ms passed before this call finished; it was cancelled on its server, or never started. Send it again alone or in a smaller batch, or give the batch a larger timeoutMs (up to McpOrchestrator__Live__BatchTimeout).",
    };

    public static Problem TooManyBatches(int max) => new()
    {
        Status = 429,
        Code = "too_many_batches",
        Title = "Too many batches",
        Detail = $"This credential already has {max.ToString(CultureInfo.InvariantCulture)} batches running (McpOrchestrator__Live__MaxConcurrentBatches). Nothing was called: retry after {Problems.Problems.RetryAfterSeconds} seconds, once one of them has answered, or put the calls into fewer batches.",
        Headers = new Dictionary<string, string> { ["Retry-After"] = Problems.Problems.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture) },
    };

    public static Problem ServerUnavailable(string server, string reason, TimeSpan retryAfter, McpFailureKind? kind)
    {
        var seconds = RetryAfterSeconds(retryAfter);
        var extensions = new Dictionary<string, object?> { ["server"] = server, ["failureKind"] = kind };
        return new Problem
        {
            Status = 503,
            Code = "server_unavailable",
            Title = "Server unavailable",
            Detail = $"MCP server '{server}' cannot take calls now: {reason}. Retry after {seconds} seconds; GET /v1/connections shows its state.",
            Headers = new Dictionary<string, string> { ["Retry-After"] = seconds },
            Extensions = extensions,
        };
    }

    public static Problem ServerOverloaded(string server, string reason) => new()
    {
        Status = 503,
        Code = "server_overloaded",
        Title = "Server overloaded",
        Detail = $"MCP server '{server}' has too many calls in flight and waiting: {reason}. Retry after 1 second, or send fewer calls at once.",
        Headers = new Dictionary<string, string> { ["Retry-After"] = "1" },
        Extensions = new Dictionary<string, object?> { ["server"] = server, ["failureKind"] = McpFailureKind.Overloaded },
    };

    public static Problem CallTimeout(string server, string tool, string reason) => new()
    {
        Status = 504,
        Code = "call_timeout",
        Title = "Tool call timed out",
        Detail = $"{server}/{tool} did not answer in time ({reason}); the call was cancelled on the server. Give a larger timeoutMs if the tool is slow.",
        Extensions = new Dictionary<string, object?> { ["server"] = server, ["tool"] = tool, ["failureKind"] = McpFailureKind.Timeout },
    };

    public static Problem ServerError(string server, string tool, string reason, McpFailureKind kind) => new()
    {
        Status = 502,
        Code = "server_error",
        Title = "Server error",
        Detail = $"MCP server '{server}' failed the call of {tool}: {reason}.",
        Extensions = new Dictionary<string, object?> { ["server"] = server, ["tool"] = tool, ["failureKind"] = kind },
    };

    public static Problem ResultTooLarge(string server, string tool, long bytes, long limit, string setting) => new()
    {
        Status = 502,
        Code = "result_too_large",
        Title = "Result too large",
        Detail = $"{server}/{tool} answered {bytes.ToString(CultureInfo.InvariantCulture)} bytes of content; the limit is {limit.ToString(CultureInfo.InvariantCulture)} bytes ({setting}). Ask the tool for less.",
        Extensions = new Dictionary<string, object?> { ["server"] = server, ["tool"] = tool, ["bytes"] = bytes, ["limit"] = limit },
    };

    /// <summary>400 <c>invalid_cursor</c>: a listing cursor this service did not hand out.</summary>
    public static Problem InvalidCursor() =>
        BadRequest("invalid_cursor", "The cursor was not made by this service: send back the nextCursor of the previous page unchanged, or none for the first page.");

    /// <summary>404 <c>resource_not_found</c>: a resource URI that names no live server's resource.</summary>
    public static Problem ResourceNotFound(string uri, string reason) => new()
    {
        Status = 404,
        Code = "resource_not_found",
        Title = "Resource not found",
        Detail = $"No live resource has the URI '{uri}': {reason}. resources/list gives the URIs to read.",
        Extensions = new Dictionary<string, object?> { ["uri"] = uri },
    };

    /// <summary>404 <c>prompt_not_found</c>: a prompt name that no live server lists.</summary>
    public static Problem PromptNotFound(string name) => new()
    {
        Status = 404,
        Code = "prompt_not_found",
        Title = "Prompt not found",
        Detail = $"No live server lists a prompt named '{name}' (names are {{server}}__{{prompt}}, case-sensitive). prompts/list gives the names.",
        Extensions = new Dictionary<string, object?> { ["prompt"] = name },
    };

    private static string RetryAfterSeconds(TimeSpan retryAfter) =>
        Math.Max(1, (long)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    private static Problem BadRequest(string code, string detail, string? server = null, string? tool = null, Dictionary<string, object?>? extensions = null)
    {
        extensions ??= [];
        if (server is not null)
        {
            extensions["server"] = server;
        }

        if (tool is not null)
        {
            extensions["tool"] = tool;
        }

        return new Problem { Status = 400, Code = code, Title = "Bad Request", Detail = detail, Extensions = extensions };
    }
}
