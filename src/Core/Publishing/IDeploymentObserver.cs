using McpOrchestrator.Core.Publishing.Deployments;

namespace McpOrchestrator.Core.Publishing;

/// <summary>Told after a version is deployed (for example the live set, which reconciles when the service's own
/// client <c>orchestrator</c> changes). Must be idempotent: a retried deploy step tells it again.</summary>
public interface IDeploymentObserver
{
    Task DeployedAsync(Deployment deployment, CancellationToken cancellationToken);
}
