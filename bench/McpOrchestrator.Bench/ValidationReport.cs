using System.Globalization;
using System.Text;

namespace McpOrchestrator.Bench;

/// <summary>Renders the argument-validation measurement.</summary>
public static class ValidationReport
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static void Append(StringBuilder md, ValidationResult result)
    {
        md.AppendLine();
        md.AppendLine("## Tool argument validation per call vs none (in process)");
        md.AppendLine();
        md.AppendLine(Invariant,
            $"Per schema, {result.Rounds} interleaved rounds of {result.CallsPerRound} calls per path (a tenth of that for the built-per-call path); median µs per call over the rounds. The baseline is the argument handling every call has anyway: the members copied into the request's params, serialised.");
        md.AppendLine();
        md.AppendLine("| Schema | No validation µs | Validated (cached schema) µs | Ratio | Schema built per call µs | Ratio |");
        md.AppendLine("|---|--:|--:|--:|--:|--:|");
        foreach (var c in result.Cases)
        {
            md.AppendLine(Invariant,
                $"| {c.Name} | {c.NoValidationUs:0.00} | {c.CachedUs:0.00} | {c.CachedRatio:0.00}× | {c.BuiltPerCallUs:0.00} | {c.BuiltPerCallRatio:0.00}× |");
        }
    }
}
