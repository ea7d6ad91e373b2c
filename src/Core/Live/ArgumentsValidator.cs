using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace McpOrchestrator.Core.Live;

/// <summary>
/// Checks tool arguments against the tool's input schema before anything is sent to the server. It implements the
/// part of JSON Schema that tool schemas use: <c>type</c> (also as a list; <c>integer</c> is a number without a
/// fraction), <c>properties</c>, <c>required</c>, <c>additionalProperties</c>, <c>enum</c>, <c>const</c>,
/// <c>items</c>, <c>minItems</c>/<c>maxItems</c>, <c>minLength</c>/<c>maxLength</c>, <c>pattern</c>,
/// <c>minimum</c>/<c>maximum</c>/<c>exclusiveMinimum</c>/<c>exclusiveMaximum</c>, <c>allOf</c>, and
/// <c>anyOf</c>/<c>oneOf</c> (both read as "at least one matches"). Whatever it does not know (<c>$ref</c>,
/// <c>format</c>, <c>not</c>, conditionals, …) it lets through: the server has the last word, so a refusal here is
/// always a real violation, never a gap of this checker.
/// </summary>
internal static class ArgumentsValidator
{
    /// <summary>At most this many violations are reported.</summary>
    public const int MaxErrors = 5;

    private const int MaxDepth = 32;
    private static readonly TimeSpan PatternTimeout = TimeSpan.FromMilliseconds(100);

    /// <summary>The violations of <paramref name="schema"/> by <paramref name="arguments"/> (empty when they conform),
    /// each naming the JSON path from <c>arguments</c>.</summary>
    public static IReadOnlyList<string> Validate(JsonElement schema, JsonElement arguments)
    {
        var errors = new List<string>();
        Check(schema, arguments, "arguments", errors, 0);
        return errors.Count > MaxErrors ? errors[..MaxErrors] : errors;
    }

    private static void Check(JsonElement schema, JsonElement value, string path, List<string> errors, int depth)
    {
        if (errors.Count >= MaxErrors || depth > MaxDepth)
        {
            return;
        }

        if (schema.ValueKind == JsonValueKind.False)
        {
            errors.Add($"{path} is not allowed");
            return;
        }

        if (schema.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        if (schema.TryGetProperty("type", out var type) && !TypeMatches(type, value))
        {
            errors.Add($"{path} must be {DescribeType(type)}, not {KindOf(value)}");
            return;
        }

        if (schema.TryGetProperty("enum", out var allowed) && allowed.ValueKind == JsonValueKind.Array
            && !allowed.EnumerateArray().Any(candidate => JsonElement.DeepEquals(candidate, value)))
        {
            errors.Add($"{path} must be one of {Abbreviate(allowed.GetRawText())}");
        }

        if (schema.TryGetProperty("const", out var constant) && !JsonElement.DeepEquals(constant, value))
        {
            errors.Add($"{path} must be {Abbreviate(constant.GetRawText())}");
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                CheckObject(schema, value, path, errors, depth);
                break;
            case JsonValueKind.Array:
                CheckArray(schema, value, path, errors, depth);
                break;
            case JsonValueKind.String:
                CheckString(schema, value.GetString()!, path, errors);
                break;
            case JsonValueKind.Number when value.TryGetDouble(out var number):
                CheckNumber(schema, number, path, errors);
                break;
        }

        if (schema.TryGetProperty("allOf", out var all) && all.ValueKind == JsonValueKind.Array)
        {
            foreach (var branch in all.EnumerateArray())
            {
                Check(branch, value, path, errors, depth + 1);
            }
        }

        foreach (var keyword in (ReadOnlySpan<string>)["anyOf", "oneOf"])
        {
            if (schema.TryGetProperty(keyword, out var branches) && branches.ValueKind == JsonValueKind.Array && branches.GetArrayLength() > 0
                && !branches.EnumerateArray().Any(branch =>
                {
                    var trial = new List<string>();
                    Check(branch, value, path, trial, depth + 1);
                    return trial.Count == 0;
                }))
            {
                errors.Add($"{path} matches none of the shapes its schema allows ({keyword})");
            }
        }
    }

    private static void CheckObject(JsonElement schema, JsonElement value, string path, List<string> errors, int depth)
    {
        if (schema.TryGetProperty("required", out var required) && required.ValueKind == JsonValueKind.Array)
        {
            foreach (var name in required.EnumerateArray())
            {
                if (name.ValueKind == JsonValueKind.String && !value.TryGetProperty(name.GetString()!, out _))
                {
                    errors.Add($"{Member(path, name.GetString()!)} is required");
                }
            }
        }

        var hasProperties = schema.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object;
        var hasAdditional = schema.TryGetProperty("additionalProperties", out var additional);
        var hasPatterns = schema.TryGetProperty("patternProperties", out _);
        foreach (var member in value.EnumerateObject())
        {
            if (hasProperties && properties.TryGetProperty(member.Name, out var memberSchema))
            {
                Check(memberSchema, member.Value, Member(path, member.Name), errors, depth + 1);
            }
            else if (hasAdditional && !hasPatterns)
            {
                if (additional.ValueKind == JsonValueKind.False)
                {
                    errors.Add($"{Member(path, member.Name)} is not a parameter of this tool");
                }
                else
                {
                    Check(additional, member.Value, Member(path, member.Name), errors, depth + 1);
                }
            }
        }
    }

    private static void CheckArray(JsonElement schema, JsonElement value, string path, List<string> errors, int depth)
    {
        var count = value.GetArrayLength();
        if (Integer(schema, "minItems") is { } minItems && count < minItems)
        {
            errors.Add($"{path} must have at least {minItems} items, has {count}");
        }

        if (Integer(schema, "maxItems") is { } maxItems && count > maxItems)
        {
            errors.Add($"{path} must have at most {maxItems} items, has {count}");
        }

        if (!schema.TryGetProperty("items", out var items))
        {
            return;
        }

        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            // The tuple form of older drafts: one schema per position.
            var itemSchema = items.ValueKind == JsonValueKind.Array
                ? (index < items.GetArrayLength() ? items[index] : default)
                : items;
            Check(itemSchema, item, $"{path}[{index.ToString(CultureInfo.InvariantCulture)}]", errors, depth + 1);
            index++;
        }
    }

    private static void CheckString(JsonElement schema, string text, string path, List<string> errors)
    {
        var length = text.EnumerateRunes().Count();
        if (Integer(schema, "minLength") is { } minLength && length < minLength)
        {
            errors.Add($"{path} must be at least {minLength} characters long");
        }

        if (Integer(schema, "maxLength") is { } maxLength && length > maxLength)
        {
            errors.Add($"{path} must be at most {maxLength} characters long");
        }

        if (schema.TryGetProperty("pattern", out var pattern) && pattern.ValueKind == JsonValueKind.String)
        {
            try
            {
                if (!Regex.IsMatch(text, pattern.GetString()!, RegexOptions.CultureInvariant, PatternTimeout))
                {
                    errors.Add($"{path} must match the pattern {Abbreviate(pattern.GetRawText())}");
                }
            }
            catch (Exception exception) when (exception is ArgumentException or RegexMatchTimeoutException)
            {
                // A pattern .NET cannot read, or one too slow to decide: the server decides.
            }
        }
    }

    private static void CheckNumber(JsonElement schema, double number, string path, List<string> errors)
    {
        var minimum = Number(schema, "minimum");
        var maximum = Number(schema, "maximum");
        if (minimum is { } min && number < min)
        {
            errors.Add($"{path} must be at least {Format(min)}");
        }

        if (maximum is { } max && number > max)
        {
            errors.Add($"{path} must be at most {Format(max)}");
        }

        // Draft 4 spells exclusiveness as a boolean beside minimum/maximum; later drafts as a number of its own.
        if (schema.TryGetProperty("exclusiveMinimum", out var exclusiveMinimum))
        {
            var bound = exclusiveMinimum.ValueKind == JsonValueKind.Number ? exclusiveMinimum.GetDouble()
                : exclusiveMinimum.ValueKind == JsonValueKind.True ? minimum : null;
            if (bound is { } b && number <= b)
            {
                errors.Add($"{path} must be greater than {Format(b)}");
            }
        }

        if (schema.TryGetProperty("exclusiveMaximum", out var exclusiveMaximum))
        {
            var bound = exclusiveMaximum.ValueKind == JsonValueKind.Number ? exclusiveMaximum.GetDouble()
                : exclusiveMaximum.ValueKind == JsonValueKind.True ? maximum : null;
            if (bound is { } b && number >= b)
            {
                errors.Add($"{path} must be less than {Format(b)}");
            }
        }
    }

    private static bool TypeMatches(JsonElement type, JsonElement value) => type.ValueKind switch
    {
        JsonValueKind.String => IsOfType(type.GetString()!, value),
        JsonValueKind.Array => type.GetArrayLength() == 0 || type.EnumerateArray().Any(t => t.ValueKind != JsonValueKind.String || IsOfType(t.GetString()!, value)),
        _ => true,
    };

    private static bool IsOfType(string type, JsonElement value) => type switch
    {
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        "string" => value.ValueKind == JsonValueKind.String,
        "number" => value.ValueKind == JsonValueKind.Number,
        "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var d) && Math.Floor(d) == d && !double.IsInfinity(d),
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "null" => value.ValueKind == JsonValueKind.Null,
        _ => true,
    };

    private static string DescribeType(JsonElement type) => type.ValueKind == JsonValueKind.Array
        ? string.Join(" or ", type.EnumerateArray().Select(t => Article(t.ToString())))
        : Article(type.ToString());

    private static string Article(string type) => type switch
    {
        "object" or "array" or "integer" => "an " + type,
        "null" => "null",
        _ => "a " + type,
    };

    private static string KindOf(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    private static long? Integer(JsonElement schema, string keyword) =>
        schema.TryGetProperty(keyword, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) ? number : null;

    private static double? Number(JsonElement schema, string keyword) =>
        schema.TryGetProperty(keyword, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;

    private static string Member(string path, string name) =>
        IsPlainName(name) ? $"{path}.{name}" : $"{path}[{JsonSerializer.Serialize(name)}]";

    private static bool IsPlainName(string name) =>
        name.Length is > 0 and <= 64 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');

    private static string Format(double number) => number.ToString("R", CultureInfo.InvariantCulture);

    private static string Abbreviate(string json) => json.Length <= 80 ? json : string.Concat(json.AsSpan(0, 80), "…");
}
