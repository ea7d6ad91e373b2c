using System.Globalization;
using Microsoft.Azure.Functions.Worker;

namespace McpOrchestrator.DurableTestApp;

/// <summary>Activities of the scenario orchestrators; each reports its runs to the <see cref="TestProbe"/>.</summary>
public sealed class ScenarioActivities(TestProbe probe, HostTag host)
{
    [Function(nameof(AddOne))]
    public int AddOne([ActivityTrigger] AddOneInput input)
    {
        probe.RecordActivity(nameof(AddOne), input.InstanceId, host.Name,
            string.Create(CultureInfo.InvariantCulture, $"{input.Marker:N}@{input.StartedAt:O}"));
        return input.Value + 1;
    }

    [Function(nameof(Flaky))]
    public string Flaky([ActivityTrigger] FlakyInput input)
    {
        var attempt = probe.NextAttempt(input.InstanceId);
        probe.RecordActivity(nameof(Flaky), input.InstanceId, host.Name, attempt.ToString(CultureInfo.InvariantCulture));
        if (attempt <= input.Failures)
        {
            throw new InvalidOperationException($"transient failure {attempt}");
        }

        return $"succeeded on attempt {attempt}";
    }

    [Function(nameof(Square))]
    public async Task<int> Square([ActivityTrigger] SquareInput input, CancellationToken cancellationToken)
    {
        using (probe.Enter(nameof(Square)))
        {
            probe.RecordActivity(nameof(Square), input.InstanceId, host.Name, input.Value.ToString(CultureInfo.InvariantCulture));
            await Task.Delay(TimeSpan.FromMilliseconds(30), cancellationToken);
            return input.Value * input.Value;
        }
    }

    [Function(nameof(Hop))]
    public int Hop([ActivityTrigger] HopInput input, FunctionContext context)
    {
        probe.RecordActivity(nameof(Hop), input.InstanceId, host.Name, input.Step.ToString(CultureInfo.InvariantCulture));
        return input.Step * 10;
    }

    [Function(nameof(Explode))]
    public static void Explode([ActivityTrigger] string message) =>
        throw new InvalidOperationException($"{message}: the activity failed on purpose");
}
