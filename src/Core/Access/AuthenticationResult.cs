using System.Diagnostics.CodeAnalysis;
using McpOrchestrator.Core.Problems;

namespace McpOrchestrator.Core.Access;

/// <summary>The outcome of <see cref="CredentialValidator.AuthenticateAsync"/>: exactly one of
/// <see cref="Principal"/> (authenticated) or <see cref="Problem"/> (a 401 to answer with).</summary>
public sealed record AuthenticationResult
{
    private AuthenticationResult(Principal? principal, Problem? problem)
    {
        Principal = principal;
        Problem = problem;
    }

    public Principal? Principal { get; }

    public Problem? Problem { get; }

    [MemberNotNullWhen(true, nameof(Principal))]
    [MemberNotNullWhen(false, nameof(Problem))]
    public bool Succeeded => Principal is not null;

    public static AuthenticationResult Success(Principal principal) =>
        new(principal ?? throw new ArgumentNullException(nameof(principal)), null);

    public static AuthenticationResult Failure(Problem problem) =>
        new(null, problem ?? throw new ArgumentNullException(nameof(problem)));
}
