namespace McpOrchestrator.Core.Problems;

/// <summary>Thrown by Core when a request cannot be served; the HTTP boundary answers with <see cref="Problem"/>.</summary>
public sealed class ProblemException(Problem problem) : Exception(problem.Detail)
{
    public Problem Problem { get; } = problem;
}
