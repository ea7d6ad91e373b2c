using System.Text.Json;
using McpOrchestrator.Core.Access;
using McpOrchestrator.Functions.Http;
using Microsoft.Extensions.AI;
using ModelContextProtocol.Protocol;

namespace McpOrchestrator.Functions.Mcp;

/// <summary>One management operation offered as an MCP tool: its name, the scope it needs, its arguments' type (the
/// input schema is made from it) and what it runs. The result is the REST route's answer, as JSON.</summary>
public sealed class ManagementTool
{
    private ManagementTool(string name, string scope, string description, Type arguments, ToolAnnotations annotations,
        Func<object, ManagementCall, CancellationToken, Task<object?>> run)
    {
        Name = name;
        Scope = scope;
        Arguments = arguments;
        Run = run;
        Protocol = new Tool
        {
            Name = name,
            Description = description,
            InputSchema = AIJsonUtilities.CreateJsonSchema(arguments, serializerOptions: RequestBody.Json),
            Annotations = annotations,
        };
    }

    public string Name { get; }

    /// <summary>The scope a caller needs to see and call this tool.</summary>
    public string Scope { get; }

    public Type Arguments { get; }

    /// <summary>The tool as <c>tools/list</c> shows it.</summary>
    public Tool Protocol { get; }

    /// <summary>Runs the operation with arguments already read as <see cref="Arguments"/>.</summary>
    public Func<object, ManagementCall, CancellationToken, Task<object?>> Run { get; }

    public static ManagementTool Read<TArguments>(string name, string description, Func<TArguments, ManagementCall, CancellationToken, Task<object?>> run)
        where TArguments : class =>
        new(name, Scopes.Read, description, typeof(TArguments), new ToolAnnotations { ReadOnlyHint = true, OpenWorldHint = false },
            (arguments, call, ct) => run((TArguments)arguments, call, ct));

    public static ManagementTool Write<TArguments>(string name, string description, bool destructive, bool idempotent,
        Func<TArguments, ManagementCall, CancellationToken, Task<object?>> run)
        where TArguments : class =>
        new(name, Scopes.Write, description, typeof(TArguments),
            new ToolAnnotations { ReadOnlyHint = false, DestructiveHint = destructive, IdempotentHint = idempotent, OpenWorldHint = false },
            (arguments, call, ct) => run((TArguments)arguments, call, ct));

    /// <summary>The arguments of a call read with the API's JSON rules; null arguments mean an empty object.</summary>
    public object ReadArguments(IDictionary<string, JsonElement>? arguments)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(arguments ?? new Dictionary<string, JsonElement>(), RequestBody.Json);
        return JsonSerializer.Deserialize(json, Arguments, RequestBody.Json)
            ?? throw new JsonException("The arguments are JSON null; send an object.");
    }
}
