using McpOrchestrator.Core.Clients;
using McpOrchestrator.Core.Publishing;
using McpOrchestrator.Core.Publishing.Deployments;
using Microsoft.Extensions.Logging;

namespace McpOrchestrator.Core.Live;

/// <summary>Reconciles the live set as soon as a version of <c>orchestrator</c>/<see cref="LiveSet.Profile"/> is
/// deployed through this instance (other instances pick it up at their next health-timer run). A reconcile that
/// fails is logged, never thrown: the deploy has happened, and the next health-timer run reconciles again.</summary>
internal sealed class LiveDeploymentObserver(LiveSet live, ILogger<LiveDeploymentObserver> logger) : IDeploymentObserver
{
    public async Task DeployedAsync(Deployment deployment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        if (deployment.ClientId != ClientCatalog.OrchestratorClientId || deployment.ProfileId != live.Profile)
        {
            return;
        }

        try
        {
            await live.ReconcileAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LiveLog.ReconcileAfterDeployFailed(logger, deployment.ProfileId, deployment.Version, exception.Message);
        }
    }
}
