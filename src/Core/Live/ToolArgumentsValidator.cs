using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Protocol;

namespace McpOrchestrator.Core.Live;

/// <summary>
/// Checks tool arguments against the tool's <c>inputSchema</c> with JsonSchema.Net before anything is sent to the
/// server. The draft is taken from the schema's <c>$schema</c> (draft-06, draft-07, 2019-09, 2020-12); without one, or
/// with one JsonSchema.Net does not know (draft-04, a custom meta-schema), the schema is read as 2020-12. Each schema is
/// built once per tool version: the cache holds one entry per server and tool, rebuilt when the schema's hash changes.
/// A schema that cannot be built or evaluated (malformed keywords, an unresolvable <c>$ref</c>) is logged once and
/// lets every call through: the server has the last word, so a refusal here is always a real violation.
/// </summary>
public sealed class ToolArgumentsValidator(ILogger<ToolArgumentsValidator> logger)
{
    /// <summary>At most this many violations are reported.</summary>
    public const int MaxErrors = 5;

    private readonly ConcurrentDictionary<(string Server, string Tool), CompiledSchema> _schemas = new();
    private int _builds;

    /// <summary>How many schemas were built since start (a measure of the cache, for tests and the bench).</summary>
    public int Builds => _builds;

    /// <summary>The violations of <paramref name="tool"/>'s input schema by <paramref name="arguments"/> (empty when
    /// they conform), each as <c>JSON pointer: message</c>, the pointer into the arguments (<c>the arguments</c> for
    /// the object itself).</summary>
    public IReadOnlyList<string> Validate(string server, Tool tool, JsonElement arguments)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(tool);
        var compiled = Compiled(server, tool);
        if (compiled.Schema is null)
        {
            return [];
        }

        EvaluationResults results;
        try
        {
            // The flag output stops at the first failure; the list output, which says where and what, only for a refusal.
            results = compiled.Schema.Evaluate(arguments, compiled.Check);
            if (!results.IsValid)
            {
                results = compiled.Schema.Evaluate(arguments, compiled.Explain);
            }
        }
        catch (Exception exception) when (exception is JsonSchemaException or RefResolutionException or JsonException or InvalidOperationException or ArgumentException)
        {
            // Found wanting only once it runs (a $ref to nothing): the server decides, now and for later calls.
            _schemas.TryUpdate((server, tool.Name), compiled with { Schema = null }, compiled);
            LiveLog.InputSchemaUnusable(logger, server, tool.Name, exception.Message);
            return [];
        }

        if (results.IsValid)
        {
            return [];
        }

        var violations = new List<string>();
        foreach (var detail in results.Details)
        {
            if (detail.Errors is not { Count: > 0 } errors)
            {
                continue;
            }

            var pointer = detail.InstanceLocation.ToString();
            foreach (var message in errors.Values)
            {
                var violation = $"{(pointer.Length == 0 ? "the arguments" : pointer)}: {message}";
                if (!violations.Contains(violation))
                {
                    violations.Add(violation);
                }
            }
        }

        if (violations.Count == 0)
        {
            violations.Add("the arguments: do not match the schema");
        }

        return violations.Count > MaxErrors ? violations[..MaxErrors] : violations;
    }

    private CompiledSchema Compiled(string server, Tool tool)
    {
        var key = (server, tool.Name);
        if (_schemas.TryGetValue(key, out var cached) && ReferenceEquals(cached.Tool, tool))
        {
            return cached;
        }

        // A new Tool object (the server listed its tools again): the schema is rebuilt only if it changed.
        var text = tool.InputSchema.GetRawText();
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
        if (cached is not null && cached.Hash == hash)
        {
            var same = cached with { Tool = tool };
            _schemas[key] = same;
            return same;
        }

        var built = Build(server, tool, text, hash);
        _schemas[key] = built;
        return built;
    }

    private CompiledSchema Build(string server, Tool tool, string text, string hash)
    {
        Interlocked.Increment(ref _builds);
        try
        {
            var node = JsonNode.Parse(text);
            var version = SpecVersion.Draft202012;
            if (node is JsonObject schemaObject && schemaObject["$schema"] is JsonValue declared && declared.TryGetValue<string>(out var uri))
            {
                // The draft is given to the evaluation instead: JsonSchema.Net resolves only its own spellings of the
                // meta-schema URIs, and one it does not know (draft-04, a custom one) would fail every call.
                version = DraftOf(uri) ?? SpecVersion.Draft202012;
                schemaObject.Remove("$schema");
            }

            var schema = JsonSchema.FromText(node?.ToJsonString() ?? "null");
            return new CompiledSchema(
                tool,
                hash,
                schema,
                new EvaluationOptions { EvaluateAs = version, OutputFormat = OutputFormat.Flag },
                new EvaluationOptions { EvaluateAs = version, OutputFormat = OutputFormat.List });
        }
        catch (Exception exception) when (exception is JsonException or JsonSchemaException or ArgumentException or FormatException or InvalidOperationException or NotSupportedException)
        {
            LiveLog.InputSchemaUnusable(logger, server, tool.Name, exception.Message);
            return new CompiledSchema(tool, hash, null, EvaluationOptions.Default, EvaluationOptions.Default);
        }
    }

    /// <summary>The draft a <c>$schema</c> URI names, or null when JsonSchema.Net has no meta-schema for it.</summary>
    private static SpecVersion? DraftOf(string uri)
    {
        var trimmed = uri.TrimEnd('#');
        return trimmed switch
        {
            "http://json-schema.org/draft-06/schema" or "https://json-schema.org/draft-06/schema" => SpecVersion.Draft6,
            "http://json-schema.org/draft-07/schema" or "https://json-schema.org/draft-07/schema" => SpecVersion.Draft7,
            "https://json-schema.org/draft/2019-09/schema" or "http://json-schema.org/draft/2019-09/schema" => SpecVersion.Draft201909,
            "https://json-schema.org/draft/2020-12/schema" or "http://json-schema.org/draft/2020-12/schema" => SpecVersion.Draft202012,
            _ => null,
        };
    }

    /// <summary>A tool's schema as built, with the Tool object and hash it was built from; <see cref="Schema"/> is
    /// null when it cannot be used.</summary>
    private sealed record CompiledSchema(Tool Tool, string Hash, JsonSchema? Schema, EvaluationOptions Check, EvaluationOptions Explain);
}
