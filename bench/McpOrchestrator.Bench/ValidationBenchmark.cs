using System.Diagnostics;
using System.Text.Json;
using McpOrchestrator.Core.Live;
using Microsoft.Extensions.Logging.Abstractions;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace McpOrchestrator.Bench;

/// <summary>
/// Tool argument validation in process: what <see cref="ToolArgumentsValidator"/> adds to the work the router does
/// for every call anyway (copying the arguments into the request and serialising it). Three paths per schema,
/// interleaved round by round: no validation; validation against the schema cached for the tool; and, to show what the
/// cache saves, validation with a fresh validator each call, so the schema is built every time.
/// </summary>
public static class ValidationBenchmark
{
    private const int CallsPerRound = 2_000;
    private const int Rounds = 20;

    private static readonly (string Name, string Schema, string Arguments)[] Schemas =
    [
        ("echo (one required string)", """{"type":"object","properties":{"message":{"type":"string","description":"Message to echo"}},"required":["message"]}""",
            """{"message":"hello"}"""),
        ("edit_file (nested array of objects, enum, draft-07)",
            """
            {"$schema":"http://json-schema.org/draft-07/schema#","type":"object","additionalProperties":false,
             "properties":{"path":{"type":"string","minLength":1},"dryRun":{"type":"boolean","default":false},
               "mode":{"enum":["replace","append"]},
               "edits":{"type":"array","maxItems":50,"items":{"type":"object","additionalProperties":false,
                 "properties":{"oldText":{"type":"string"},"newText":{"type":"string"}},"required":["oldText","newText"]}}},
             "required":["path","edits"]}
            """,
            """{"path":"/tmp/a.txt","mode":"replace","edits":[{"oldText":"a","newText":"b"},{"oldText":"c","newText":"d"},{"oldText":"e","newText":"f"}]}"""),
    ];

    public static Task<ValidationResult> RunAsync(CancellationToken cancellationToken) => Task.Run(() => Run(cancellationToken), cancellationToken);

    private static ValidationResult Run(CancellationToken cancellationToken)
    {
        var cases = new List<ValidationCase>();
        foreach (var (name, schemaText, argumentsText) in Schemas)
        {
            var tool = new Tool { Name = "t", InputSchema = JsonDocument.Parse(schemaText).RootElement.Clone() };
            var arguments = JsonDocument.Parse(argumentsText).RootElement.Clone();
            var cached = new ToolArgumentsValidator(NullLogger<ToolArgumentsValidator>.Instance);
            if (cached.Validate("s", tool, arguments).Count > 0)
            {
                throw new BenchFailedException($"The bench arguments of {name} do not conform to its schema.");
            }

            Func<int>[] paths =
            [
                () => Prepare(arguments),
                () => cached.Validate("s", tool, arguments).Count + Prepare(arguments),
                () => new ToolArgumentsValidator(NullLogger<ToolArgumentsValidator>.Instance).Validate("s", tool, arguments).Count + Prepare(arguments),
            ];

            // Warm up every path (JIT, the cached schema's first evaluation).
            var sink = 0;
            foreach (var path in paths)
            {
                for (var i = 0; i < CallsPerRound / 4; i++)
                {
                    sink += path();
                }
            }

            var perRound = paths.Select(_ => new List<double>()).ToArray();
            for (var round = 0; round < Rounds; round++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                foreach (var index in InterleavedRounds.Orders(paths.Length)[round % InterleavedRounds.Orders(paths.Length).Count])
                {
                    // The built-per-call path is far slower: a tenth of the calls keeps the run short.
                    var calls = index == 2 ? CallsPerRound / 10 : CallsPerRound;
                    var watch = Stopwatch.StartNew();
                    for (var i = 0; i < calls; i++)
                    {
                        sink += paths[index]();
                    }

                    perRound[index].Add(watch.Elapsed.TotalMicroseconds / calls);
                }
            }

            GC.KeepAlive(sink);
            cases.Add(new ValidationCase(name, Statistics.Median(perRound[0]), Statistics.Median(perRound[1]), Statistics.Median(perRound[2])));
        }

        return new ValidationResult(CallsPerRound, Rounds, cases);
    }

    /// <summary>What the router does with the arguments of every call: a dictionary of the members, serialised as the
    /// request's params.</summary>
    private static int Prepare(JsonElement arguments)
    {
        var values = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in arguments.EnumerateObject())
        {
            values[property.Name] = property.Value;
        }

        var request = new CallToolRequestParams { Name = "t", Arguments = values };
        return JsonSerializer.SerializeToUtf8Bytes(request, McpJsonUtilities.DefaultOptions).Length;
    }
}
