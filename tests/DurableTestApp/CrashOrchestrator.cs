using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace McpOrchestrator.DurableTestApp;

/// <summary>The orchestration the crash tests kill the host under: ten activities in a row, each recording every
/// execution in the <see cref="ExecutionJournal"/> before it does its (short, randomly long) work.</summary>
public sealed class CrashOrchestrator(ExecutionJournal journal)
{
    public const int Steps = 10;

    [Function(nameof(TenSteps))]
    public static async Task<CrashOutput> TenSteps([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        var results = new List<StepResult>();
        var accumulated = 0;
        for (var step = 1; step <= Steps; step++)
        {
            var result = await context.CallActivityAsync<StepResult>(nameof(CrashStep), new StepInput(context.InstanceId, step, accumulated));
            accumulated = result.Accumulated;
            results.Add(result);
        }

        return new CrashOutput(accumulated, results);
    }

    [Function(nameof(CrashStep))]
    public async Task<StepResult> CrashStep([ActivityTrigger] StepInput input, CancellationToken cancellationToken)
    {
        var executionId = Guid.NewGuid();
        await journal.RecordAsync(input.InstanceId, input.Step, executionId, cancellationToken);
        await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(10, 80)), cancellationToken);
        return new StepResult(input.Step, input.Accumulated + input.Step, executionId);
    }
}
