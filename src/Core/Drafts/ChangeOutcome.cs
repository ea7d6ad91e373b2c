using McpOrchestrator.Core.Problems;

namespace McpOrchestrator.Core.Drafts;

/// <summary>What applying a <see cref="DraftChange"/> did.</summary>
internal readonly record struct ChangeOutcome(ChangeOutcomeKind Kind, Problem? Problem, object? Result)
{
    public static readonly ChangeOutcome Defer = new(ChangeOutcomeKind.Deferred, null, null);

    public static ChangeOutcome Done(object? result) => new(ChangeOutcomeKind.Applied, null, result);

    public static ChangeOutcome Refuse(Problem problem) => new(ChangeOutcomeKind.Refused, problem, null);
}
