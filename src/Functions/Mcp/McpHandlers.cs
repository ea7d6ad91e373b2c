using System.Text.Json;
using McpOrchestrator.Core.Access;
using McpOrchestrator.Core.Live;
using McpOrchestrator.Core.Problems;
using McpOrchestrator.Functions.Http;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpOrchestrator.Functions.Mcp;

/// <summary>
/// What the MCP endpoint answers, per request: the tools a caller may use (the management tools its scopes allow, and
/// with scope <c>tools</c> every live tool under the names of <c>GET /v1/tools</c>), tool calls routed through the
/// live set exactly as <c>POST /v1/connections/{server}/tools/{tool}</c> routes them, and the live servers' resources
/// and prompts. Errors follow the MCP spec: an unknown tool is a JSON-RPC error (invalid params); anything that goes
/// wrong running a tool (arguments refused, server down, timeout, a management refusal) is a tool result with
/// <c>isError</c> whose text starts with the stable problem code, and whose structured content is the problem.
/// </summary>
public sealed class McpHandlers(ManagementTools management, ToolRouter router, LiveResourceRouter resources, LivePromptRouter prompts)
{
    /// <summary>How results and problems are written: the REST API's JSON, so tool output reads like the routes'.</summary>
    private static readonly JsonSerializerOptions Output = new(JsonSerializerDefaults.Web)
    {
        TypeInfoResolver = RequestBody.Json.TypeInfoResolver,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The scope a <c>tools/call</c> of <paramref name="tool"/> needs: the management tool's own, else
    /// <c>tools</c> (a live tool, or an unknown name, which is refused once authorized).</summary>
    public string ScopeFor(string? tool) => management.Find(tool)?.Scope ?? Scopes.Tools;

    public ValueTask<ListToolsResult> ListToolsAsync(RequestContext<ListToolsRequestParams> request, CancellationToken cancellationToken)
    {
        var principal = McpCaller.Of(request.User).Principal;
        var tools = management.All.Where(t => principal.Has(t.Scope)).Select(t => t.Protocol).ToList();
        if (principal.Has(Scopes.Tools))
        {
            tools.AddRange(router.ListTools().Select(Protocol));
        }

        return ValueTask.FromResult(new ListToolsResult { Tools = tools });
    }

    public async ValueTask<CallToolResult> CallToolAsync(RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken)
    {
        var caller = McpCaller.Of(request.User);
        using var cancelled = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, caller.Cancelled);
        var name = request.Params?.Name;
        if (management.Find(name) is { } tool)
        {
            return await CallManagementAsync(tool, request.Params!.Arguments, caller, cancelled.Token);
        }

        var live = caller.Principal.Has(Scopes.Tools) ? router.FindTool(name) : null;
        if (live is null)
        {
            throw new McpProtocolException($"Unknown tool '{name}': tools/list gives the tools this credential can call.", McpErrorCode.InvalidParams);
        }

        try
        {
            var arguments = request.Params!.Arguments is { } given ? JsonSerializer.SerializeToElement(given, McpJsonUtilities.DefaultOptions) : (JsonElement?)null;
            var result = await router.CallAsync(new ToolCall { Server = live.Server, Tool = live.Tool, Arguments = arguments }, cancelled.Token);
            return new CallToolResult
            {
                Content = result.Blocks,
                StructuredContent = result.StructuredContent,
                IsError = result.IsError,
            };
        }
        catch (ProblemException refused)
        {
            return Failed(refused.Problem);
        }
    }

    public async ValueTask<ListResourcesResult> ListResourcesAsync(RequestContext<ListResourcesRequestParams> request, CancellationToken cancellationToken) =>
        McpCaller.Of(request.User).Principal.Has(Scopes.Tools)
            ? await Protocol(() => resources.ListAsync(request.Params?.Cursor, cancellationToken))
            : new ListResourcesResult { Resources = [] };

    public async ValueTask<ReadResourceResult> ReadResourceAsync(RequestContext<ReadResourceRequestParams> request, CancellationToken cancellationToken) =>
        await Protocol(() => resources.ReadAsync(request.Params?.Uri, cancellationToken));

    public async ValueTask<ListPromptsResult> ListPromptsAsync(RequestContext<ListPromptsRequestParams> request, CancellationToken cancellationToken) =>
        McpCaller.Of(request.User).Principal.Has(Scopes.Tools)
            ? await Protocol(() => prompts.ListAsync(request.Params?.Cursor, cancellationToken))
            : new ListPromptsResult { Prompts = [] };

    public async ValueTask<GetPromptResult> GetPromptAsync(RequestContext<GetPromptRequestParams> request, CancellationToken cancellationToken) =>
        await Protocol(() => prompts.GetAsync(request.Params?.Name, request.Params?.Arguments, cancellationToken));

    private static async Task<CallToolResult> CallManagementAsync(
        ManagementTool tool, IDictionary<string, JsonElement>? arguments, McpCaller caller, CancellationToken cancellationToken)
    {
        if (!caller.Principal.Has(tool.Scope))
        {
            return Failed(AccessProblems.InsufficientScope(caller.Principal, tool.Scope));
        }

        object input;
        try
        {
            input = tool.ReadArguments(arguments);
        }
        catch (JsonException invalid)
        {
            var where = invalid.Path is { Length: > 1 } path ? $" at {path}" : string.Empty;
            return Failed(new Problem
            {
                Status = 400,
                Code = "invalid_arguments",
                Title = "Bad Request",
                Detail = $"The arguments of {tool.Name} are not valid{where}: {invalid.Message} tools/list has the input schema.",
            });
        }

        try
        {
            var result = await tool.Run(input, new ManagementCall(caller.Principal, caller.Durable), cancellationToken);
            var json = JsonSerializer.SerializeToElement(result, Output);
            return new CallToolResult
            {
                Content = [new TextContentBlock { Text = json.GetRawText() }],
                StructuredContent = json.ValueKind == JsonValueKind.Object ? json : null,
            };
        }
        catch (ProblemException refused)
        {
            return Failed(refused.Problem);
        }
    }

    /// <summary>A refusal as a tool error the model can read and act on: the code first, then how to fix it.</summary>
    private static CallToolResult Failed(Problem problem) => new()
    {
        IsError = true,
        Content = [new TextContentBlock { Text = $"{problem.Code}: {problem.Detail}" }],
        StructuredContent = JsonSerializer.SerializeToElement(
            new Dictionary<string, object?>(problem.Extensions) { ["status"] = problem.Status, ["code"] = problem.Code, ["title"] = problem.Title, ["detail"] = problem.Detail },
            Output),
    };

    /// <summary>A refusal outside tools/call as a JSON-RPC error, code first in the message.</summary>
    private static async Task<T> Protocol<T>(Func<Task<T>> run)
    {
        try
        {
            return await run();
        }
        catch (ProblemException refused)
        {
            var code = refused.Problem.Status switch
            {
                404 when refused.Problem.Code == "resource_not_found" => McpErrorCode.ResourceNotFound,
                400 or 404 => McpErrorCode.InvalidParams,
                _ => McpErrorCode.InternalError,
            };
            throw new McpProtocolException($"{refused.Problem.Code}: {refused.Problem.Detail}", code);
        }
    }

    private static Tool Protocol(LiveTool tool) => new()
    {
        Name = tool.Name,
        Title = tool.Title,
        Description = tool.Description,
        InputSchema = tool.InputSchema,
        OutputSchema = tool.OutputSchema,
        Annotations = tool.Annotations?.Deserialize<ToolAnnotations>(McpJsonUtilities.DefaultOptions),
    };
}
