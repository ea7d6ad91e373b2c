using System.Text.Json;
using McpOrchestrator.Core.Live;
using McpOrchestrator.TestSupport;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Protocol;

namespace McpOrchestrator.Core.Tests.Live;

/// <summary>Tool arguments against input schemas through JsonSchema.Net: the cases of the former subset checker,
/// plus drafts, schemas it cannot use, and the per-tool cache.</summary>
public sealed class ToolArgumentsValidatorTests : IDisposable
{
    private const string Schema = """
        {
          "type": "object",
          "properties": {
            "name": { "type": "string", "minLength": 2, "pattern": "^[a-z]+$" },
            "count": { "type": "integer", "minimum": 1, "maximum": 10 },
            "mode": { "enum": ["fast", "slow"] },
            "tags": { "type": "array", "items": { "type": "string" }, "maxItems": 2 },
            "nested": { "type": "object", "properties": { "on": { "type": "boolean" } }, "required": ["on"], "additionalProperties": false },
            "either": { "anyOf": [ { "type": "string" }, { "type": "number" } ] },
            "ref": { "$ref": "#/$defs/anything" }
          },
          "$defs": { "anything": true },
          "required": ["name"],
          "additionalProperties": false
        }
        """;

    private readonly CapturedLogs _logs = new();
    private readonly LoggerFactory _loggerFactory;
    private readonly ToolArgumentsValidator _validator;

    public ToolArgumentsValidatorTests()
    {
        _loggerFactory = new LoggerFactory([_logs]);
        _validator = new ToolArgumentsValidator(_loggerFactory.CreateLogger<ToolArgumentsValidator>());
    }

    [Theory]
    [InlineData("""{"name": "ok"}""")]
    [InlineData("""{"name": "ok", "count": 10, "mode": "slow", "tags": ["a", "b"], "nested": {"on": true}, "either": 2.5, "ref": [1, {"x": null}]}""")]
    [InlineData("""{"name": "ok", "count": 3.0}""")]
    public void Validate_ConformingArguments_HaveNoViolations(string arguments) =>
        Assert.Empty(Validate(Schema, arguments));

    [Theory]
    [InlineData("""{}""", "the arguments: Required properties [\"name\"] are not present")]
    [InlineData("""{"name": 5}""", "/name: Value is \"integer\" but should be \"string\"")]
    [InlineData("""{"name": "a"}""", "/name: Value should be at least 2 characters")]
    [InlineData("""{"name": "ABC"}""", "/name: The string value is not a match for the indicated regular expression")]
    [InlineData("""{"name": "ok", "count": 2.5}""", "/count: Value is \"number\" but should be \"integer\"")]
    [InlineData("""{"name": "ok", "count": 11}""", "/count: 11 should be at most 10")]
    [InlineData("""{"name": "ok", "mode": "medium"}""", "/mode: Value should match one of the values specified by the enum")]
    [InlineData("""{"name": "ok", "tags": ["a", 1]}""", "/tags/1: Value is \"integer\" but should be \"string\"")]
    [InlineData("""{"name": "ok", "tags": ["a", "b", "c"]}""", "/tags: Value should have at most 2 items")]
    [InlineData("""{"name": "ok", "nested": {"on": true, "off": false}}""", "/nested/off: All values fail against the false schema")]
    [InlineData("""{"name": "ok", "nested": {}}""", "/nested: Required properties [\"on\"] are not present")]
    [InlineData("""{"name": "ok", "extra weird": 1}""", "/extra weird: All values fail against the false schema")]
    public void Validate_ViolatingArguments_SaysWhereAsAJsonPointerAndWhat(string arguments, string violation) =>
        Assert.Equal([violation], Validate(Schema, arguments));

    [Fact]
    public void Validate_NoBranchOfAnyOfMatches_NamesEachBranchsFailureAtThePath()
    {
        var violations = Validate(Schema, """{"name": "ok", "either": true}""");

        Assert.Equal(["/either: Value is \"boolean\" but should be \"string\"", "/either: Value is \"boolean\" but should be \"number\""], violations);
    }

    [Fact]
    public void Validate_ManyViolations_ReportsAtMostFive()
    {
        const string schema = """{"type": "object", "additionalProperties": {"type": "string"}}""";

        var violations = Validate(schema, """{"a": 1, "b": 2, "c": 3, "d": 4, "e": 5, "f": 6, "g": 7}""");

        Assert.Equal(ToolArgumentsValidator.MaxErrors, violations.Count);
    }

    [Fact]
    public void Validate_Draft07Schema_IsReadAsDraft07()
    {
        // Tuple items are draft-07's array form of "items"; 2020-12 spells them "prefixItems".
        const string schema = """
            {"$schema": "http://json-schema.org/draft-07/schema#", "type": "object",
             "properties": {"pair": {"type": "array", "items": [{"type": "string"}, {"type": "integer"}]}, "n": {"exclusiveMinimum": 3}}}
            """;

        Assert.Empty(Validate(schema, """{"pair": ["a", 1], "n": 4}"""));
        Assert.Equal(["/pair/1: Value is \"string\" but should be \"integer\""], Validate(schema, """{"pair": ["a", "b"]}"""));
        Assert.Equal(["/n: 3 should be greater than 3"], Validate(schema, """{"n": 3}"""));
    }

    [Fact]
    public void Validate_NoSchemaKeyword_IsReadAs202012()
    {
        const string schema = """{"type": "object", "properties": {"pair": {"type": "array", "prefixItems": [{"type": "string"}, {"type": "integer"}]}}}""";

        Assert.Equal(["/pair/1: Value is \"string\" but should be \"integer\""], Validate(schema, """{"pair": ["a", "b"]}"""));
    }

    [Theory]
    [InlineData("http://json-schema.org/draft-04/schema#")]
    [InlineData("https://example.com/my-meta-schema")]
    [InlineData("http://json-schema.org/draft/2020-12/schema")]
    public void Validate_SchemaUriItDoesNotResolve_IsReadAs202012(string uri)
    {
        var schema = $$"""{"$schema": "{{uri}}", "type": "object", "required": ["q"]}""";

        Assert.Equal(["the arguments: Required properties [\"q\"] are not present"], Validate(schema, "{}"));
    }

    [Theory]
    [InlineData("""{"type": "object", "properties": {"p": {"type": "string", "pattern": "(?<=x"}}}""")]
    [InlineData("""{"type": "object", "properties": {"p": {"$ref": "#/definitions/unknown"}}}""")]
    [InlineData("""{"type": "object", "properties": {"p": {"type": 5}}}""")]
    [InlineData("""{"$schema": "http://json-schema.org/draft-04/schema#", "type": "object", "properties": {"p": {"minimum": 1, "exclusiveMinimum": true}}}""")]
    public void Validate_SchemaItCannotUse_LetsTheServerDecideAndSaysSoOnce(string schema)
    {
        var tool = Tool(schema);

        Assert.Empty(_validator.Validate("s", tool, Parse("""{"p": 0}""")));
        Assert.Empty(_validator.Validate("s", tool, Parse("""{"p": 0}""")));
        Assert.Single(_logs.Lines, l => l.Level == LogLevel.Warning && l.Message.Contains("input schema of s/t cannot be used", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_ObjectSchemaWithNoConstraints_AllowsAnyObject() => Assert.Empty(Validate("""{"type": "object"}""", """{"p": 1}"""));

    [Fact]
    public void Validate_SameToolAgain_BuildsTheSchemaOnce()
    {
        var tool = Tool(Schema);

        for (var i = 0; i < 3; i++)
        {
            Assert.NotEmpty(_validator.Validate("s", tool, Parse("{}")));
        }

        Assert.Equal(1, _validator.Builds);
    }

    [Fact]
    public void Validate_ToolsListedAgainWithTheSameSchema_ReusesItAndRebuildsOnlyWhenTheSchemaChanges()
    {
        _validator.Validate("s", Tool(Schema), Parse("{}"));
        _validator.Validate("s", Tool(Schema), Parse("{}"));
        Assert.Equal(1, _validator.Builds);

        var changed = _validator.Validate("s", Tool("""{"type": "object", "required": ["other"]}"""), Parse("{}"));
        Assert.Equal(2, _validator.Builds);
        Assert.Equal(["the arguments: Required properties [\"other\"] are not present"], changed);

        _validator.Validate("other-server", Tool(Schema), Parse("{}"));
        Assert.Equal(3, _validator.Builds);
    }

    [Fact]
    public void Validate_ManyThreadsOnOneSchema_AgreeWithOneThread()
    {
        var tool = Tool(Schema);
        var expected = _validator.Validate("s", tool, Parse("""{"name": 5}"""));

        var results = new IReadOnlyList<string>[64];
        Parallel.For(0, results.Length, i => results[i] = _validator.Validate("s", tool, Parse(i % 2 == 0 ? """{"name": 5}""" : """{"name": "ok"}""")));

        for (var i = 0; i < results.Length; i++)
        {
            Assert.Equal(i % 2 == 0 ? expected : [], results[i]);
        }
    }

    public void Dispose()
    {
        _loggerFactory.Dispose();
        _logs.Dispose();
    }

    private IReadOnlyList<string> Validate(string schema, string arguments) => _validator.Validate("s", Tool(schema), Parse(arguments));

    private static Tool Tool(string schema) => new() { Name = "t", InputSchema = Parse(schema) };

    private static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement.Clone();
}
