namespace McpOrchestrator.Functions.Publishing;

/// <summary>The body of <c>POST .../deploy</c> (optional): the version to deploy, the latest when absent. Deploying an
/// older version is a rollback.</summary>
public sealed record DeployRequestBody
{
    public int? Version { get; init; }
}
