using McpOrchestrator.Core.Clients;
using McpOrchestrator.Core.Configs;
using McpOrchestrator.Core.Drafts;
using McpOrchestrator.Core.Mcp;
using McpOrchestrator.Core.Publishing;
using McpOrchestrator.Core.Publishing.Artifacts;
using McpOrchestrator.Core.Publishing.Deployments;
using McpOrchestrator.Core.Storage;
using McpOrchestrator.Core.Validation;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using ProbeResult = McpOrchestrator.Core.Mcp.ProbeResult;

namespace McpOrchestrator.Functions.Publishing;

/// <summary>The publish → validate → sign → store → (deploy) pipeline, a Durable orchestration: snapshot the draft,
/// validate it (probing every server in parallel when asked), stop with <c>rejected</c> when invalid, sign and store
/// a new version, deploy it when asked. The orchestrator is deterministic and does no I/O; each step is an activity.
/// Store and deploy take the instance id as idempotency key, so a replayed or retried step never makes a second
/// version. Steps that fail because storage is unreachable are retried by <see cref="StorageRetry"/>; any other
/// failure (a refused draft, missing signing key) fails the step at once.</summary>
public sealed class PublishPipeline(
    DraftService drafts,
    ValidationService validation,
    ClientCatalog clients,
    ServerProbe probe,
    ArtifactStore artifacts,
    DeploymentStore deployments,
    IEnumerable<IDeploymentObserver> observers,
    TimeProvider clock)
{
    public const string Name = nameof(PublishPipeline);
    public const string Published = "published";
    public const string Rejected = "rejected";

    private static readonly TaskOptions StorageRetry = TaskOptions.FromRetryPolicy(new RetryPolicy(
        maxNumberOfAttempts: 6, firstRetryInterval: TimeSpan.FromSeconds(1), backoffCoefficient: 2, maxRetryInterval: TimeSpan.FromSeconds(30))
    {
        HandleFailure = failure => failure.ErrorType.EndsWith(nameof(StorageUnavailableException), StringComparison.Ordinal),
    });

    [Function(Name)]
    public static async Task<PublishPipelineOutput> RunOrchestrator([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        var input = context.GetInput<PublishPipelineInput>()
            ?? throw new InvalidOperationException("The publish pipeline needs its input.");

        context.SetCustomStatus(new PipelineStep("snapshot"));
        var snapshot = await context.CallActivityAsync<DraftSnapshot>(nameof(SnapshotDraft), input, StorageRetry);

        IReadOnlyList<ProbeResult>? probes = null;
        if (input.Probe && snapshot.Servers.Count > 0)
        {
            context.SetCustomStatus(new PipelineStep("probe", snapshot.Servers.Count));
            probes = await Task.WhenAll(snapshot.Servers.Select(server => context.CallActivityAsync<ProbeResult>(nameof(ProbeServer), server)));
        }

        context.SetCustomStatus(new PipelineStep("validate", snapshot.Servers.Count));
        var report = await context.CallActivityAsync<ValidationReport>(nameof(ValidateSnapshot), new ValidateStepInput(snapshot, probes), StorageRetry);
        if (!report.Valid)
        {
            context.SetCustomStatus(new PipelineStep(Rejected));
            return new PublishPipelineOutput { Outcome = Rejected, Validation = report };
        }

        context.SetCustomStatus(new PipelineStep("sign-and-store"));
        var stored = await context.CallActivityAsync<StoredArtifact>(nameof(StoreArtifact), new StoreStepInput(input, snapshot, report, context.InstanceId), StorageRetry);

        var deployed = false;
        if (input.Deploy)
        {
            context.SetCustomStatus(new PipelineStep("deploy"));
            await context.CallActivityAsync(nameof(DeployArtifact), new DeployStepInput(input.ClientId, input.ProfileId, stored.Version, input.RequestedBy, context.InstanceId), StorageRetry);
            deployed = true;
        }

        context.SetCustomStatus(new PipelineStep(Published));
        return new PublishPipelineOutput { Outcome = Published, Version = stored.Version, ArtifactId = stored.ArtifactId, Deployed = deployed, Validation = report };
    }

    [Function(nameof(SnapshotDraft))]
    public async Task<DraftSnapshot> SnapshotDraft([ActivityTrigger] PublishPipelineInput input, FunctionContext context)
    {
        var resolved = await drafts.ResolveAsync(input.ClientId, input.ProfileId, context.CancellationToken);
        return new DraftSnapshot
        {
            ClientId = input.ClientId,
            ProfileId = input.ProfileId,
            DraftETag = resolved.Draft.ETag,
            Servers = [.. resolved.Servers.OrderBy(s => s.Name, StringComparer.Ordinal)],
        };
    }

    [Function(nameof(ProbeServer))]
    public async Task<ProbeResult> ProbeServer([ActivityTrigger] ServerConfig server, FunctionContext context) =>
        await probe.ProbeInBackgroundAsync(server, context.CancellationToken);

    [Function(nameof(ValidateSnapshot))]
    public async Task<ValidationReport> ValidateSnapshot([ActivityTrigger] ValidateStepInput input, FunctionContext context)
    {
        var snapshot = input.Snapshot;
        var report = await validation.ValidateServersAsync(snapshot.ClientId, snapshot.Servers, options: null, context.CancellationToken);
        if (input.Probes is null)
        {
            return report with { ProfileId = snapshot.ProfileId, ETag = snapshot.DraftETag };
        }

        var issues = report.Errors.Concat(report.Warnings).Concat(ConfigValidator.ProbeFailures(input.Probes));
        if (clients.Find(snapshot.ClientId) is { } client)
        {
            issues = issues.Concat(ConfigValidator.ProbeLimits(snapshot.Servers, input.Probes, client));
        }

        return ConfigValidator.Report(issues, snapshot.Servers.Count, clock.GetUtcNow()) with
        {
            ClientId = snapshot.ClientId,
            ProfileId = snapshot.ProfileId,
            ETag = snapshot.DraftETag,
            Probes = input.Probes,
        };
    }

    [Function(nameof(StoreArtifact))]
    public async Task<StoredArtifact> StoreArtifact([ActivityTrigger] StoreStepInput input, FunctionContext context)
    {
        var payload = ConfigPayload.Create(input.Snapshot.ClientId, input.Snapshot.ProfileId, input.Snapshot.Servers);
        var artifact = await artifacts.PublishAsync(new PublishRequest
        {
            ClientId = input.Snapshot.ClientId,
            ProfileId = input.Snapshot.ProfileId,
            Payload = payload.ToJson(),
            Changelog = input.Request.Changelog,
            PublishedBy = input.Request.RequestedBy,
            ValidationSummary = System.Text.Json.JsonSerializer.SerializeToElement(new
            {
                input.Validation.Valid,
                Errors = input.Validation.Errors.Count,
                Warnings = input.Validation.Warnings.Count,
                Probed = input.Validation.Probes is not null,
            }, ConfigPayload.Json),
            IdempotencyKey = input.IdempotencyKey,
        }, context.CancellationToken);
        return new StoredArtifact(artifact.Version, artifact.ArtifactId);
    }

    [Function(nameof(DeployArtifact))]
    public async Task DeployArtifact([ActivityTrigger] DeployStepInput input, FunctionContext context)
    {
        var deployment = await deployments.DeployAsync(new DeployRequest
        {
            ClientId = input.ClientId,
            ProfileId = input.ProfileId,
            Version = input.Version,
            DeployedBy = input.DeployedBy,
            IdempotencyKey = input.IdempotencyKey,
        }, context.CancellationToken);
        foreach (var observer in observers)
        {
            await observer.DeployedAsync(deployment, context.CancellationToken);
        }
    }
}
