using System.Text.Json;
using McpOrchestrator.Core.Live;

namespace McpOrchestrator.Core.Tests.Live;

public sealed class ArgumentsValidatorTests
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
            "ref": { "$ref": "#/definitions/unknown" }
          },
          "required": ["name"],
          "additionalProperties": false
        }
        """;

    [Theory]
    [InlineData("""{"name": "ok"}""")]
    [InlineData("""{"name": "ok", "count": 10, "mode": "slow", "tags": ["a", "b"], "nested": {"on": true}, "either": 2.5, "ref": [1, {"x": null}]}""")]
    [InlineData("""{"name": "ok", "count": 3.0}""")]
    public void Validate_ConformingArguments_HaveNoViolations(string arguments) =>
        Assert.Empty(ArgumentsValidator.Validate(Parse(Schema), Parse(arguments)));

    [Theory]
    [InlineData("""{}""", "arguments.name is required")]
    [InlineData("""{"name": 5}""", "arguments.name must be a string, not a number")]
    [InlineData("""{"name": "a"}""", "arguments.name must be at least 2 characters long")]
    [InlineData("""{"name": "ABC"}""", "arguments.name must match the pattern \"^[a-z]+$\"")]
    [InlineData("""{"name": "ok", "count": 2.5}""", "arguments.count must be an integer, not a number")]
    [InlineData("""{"name": "ok", "count": 11}""", "arguments.count must be at most 10")]
    [InlineData("""{"name": "ok", "mode": "medium"}""", "arguments.mode must be one of [\"fast\", \"slow\"]")]
    [InlineData("""{"name": "ok", "tags": ["a", 1]}""", "arguments.tags[1] must be a string, not a number")]
    [InlineData("""{"name": "ok", "tags": ["a", "b", "c"]}""", "arguments.tags must have at most 2 items, has 3")]
    [InlineData("""{"name": "ok", "nested": {"on": true, "off": false}}""", "arguments.nested.off is not a parameter of this tool")]
    [InlineData("""{"name": "ok", "nested": {}}""", "arguments.nested.on is required")]
    [InlineData("""{"name": "ok", "either": true}""", "arguments.either matches none of the shapes its schema allows (anyOf)")]
    [InlineData("""{"name": "ok", "extra weird": 1}""", "arguments[\"extra weird\"] is not a parameter of this tool")]
    public void Validate_ViolatingArguments_SaysWhereAndWhat(string arguments, string violation) =>
        Assert.Equal([violation], ArgumentsValidator.Validate(Parse(Schema), Parse(arguments)));

    [Fact]
    public void Validate_ManyViolations_ReportsAtMostFive()
    {
        var schema = Parse("""{"type": "object", "required": ["a", "b", "c", "d", "e", "f", "g"]}""");

        Assert.Equal(ArgumentsValidator.MaxErrors, ArgumentsValidator.Validate(schema, Parse("{}")).Count);
    }

    [Fact]
    public void Validate_SchemaItCannotRead_LetsTheServerDecide()
    {
        var schema = Parse("""{"type": "object", "properties": {"p": {"type": "string", "pattern": "(?<=x"}}, "if": {}, "not": {}}""");

        Assert.Empty(ArgumentsValidator.Validate(schema, Parse("""{"p": "anything"}""")));
        Assert.Empty(ArgumentsValidator.Validate(Parse("true"), Parse("""{"p": 1}""")));
    }

    private static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement.Clone();
}
