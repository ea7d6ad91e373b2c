using McpOrchestrator.Core.Clients;
using McpOrchestrator.Core.Configs;
using McpOrchestrator.Core.Drafts;
using McpOrchestrator.Core.Mcp;
using McpOrchestrator.Core.Problems;
using McpOrchestrator.Core.Registry;

namespace McpOrchestrator.Core.Validation;

/// <summary>
/// Validates a profile's draft (<c>POST …/validate</c>) or a list of servers: the static rules of
/// <see cref="ConfigValidator"/>, then a trial rendering in the client's native format (a server the format refuses
/// is an error with the format's code, e.g. <c>headers_not_supported</c>), then, when asked and available, a live
/// probe of every server through <see cref="IServerProbe"/> (the publishing issue provides one; without it a probe
/// request adds a <c>validation_error</c> warning saying that only static checks ran). A request probes at most
/// <see cref="McpOptions.ProbeMaxParallel"/> servers at once; when the instance's probe limiter is full the whole
/// validation is refused with 429 <c>too_many_probes</c>.
/// </summary>
public sealed class ValidationService(
    ClientCatalog clients, DraftService drafts, TimeProvider clock, IServerProbe? probe = null, Microsoft.Extensions.Options.IOptions<McpOptions>? mcpOptions = null)
{
    private readonly int _maxParallel = (mcpOptions?.Value ?? new McpOptions()).ProbeMaxParallel;

    /// <summary>404 <c>client_not_found</c>, <c>profile_not_found</c>; 400 <c>invalid_profile_id</c>.</summary>
    public async Task<ValidationReport> ValidateDraftAsync(string clientId, string profileId, ValidationOptions? options, CancellationToken cancellationToken)
    {
        var client = Ids.IsValid(clientId) ? clients.Get(clientId) : throw new ProblemException(ClientProblems.ClientNotFound(null, clients.All));
        var (draft, entries) = await drafts.LoadAsync(client.Id, profileId, cancellationToken);
        var report = await ValidateAsync(entries, client, client.Id, options, cancellationToken);
        return report with { ProfileId = profileId, ETag = draft.ETag };
    }

    /// <summary>Validates servers given directly (a payload); an unknown client is a warning, as it was before.</summary>
    public Task<ValidationReport> ValidateServersAsync(string clientId, IReadOnlyList<ServerConfig> servers, ValidationOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(servers);
        var entries = servers.Select(s => (s is null ? null! : new DraftEntry { Name = s.Name, Tools = s.Tools, Inline = s }, (ServerDefinition?)null)).ToList();
        return ValidateAsync(entries, clients.Find(clientId), clientId, options, cancellationToken);
    }

    private async Task<ValidationReport> ValidateAsync(
        IReadOnlyList<(DraftEntry Entry, ServerDefinition? Definition)> entries,
        ClientDefinition? client,
        string clientId,
        ValidationOptions? options,
        CancellationToken cancellationToken)
    {
        var issues = ConfigValidator.CheckEntries(entries, client, clientId, out var resolved).ToList();
        var servers = resolved;
        if (client is not null)
        {
            var (renderable, _, renderIssues) = drafts.Render(resolved, client);
            issues.AddRange(renderIssues);
            servers = renderable;
        }

        IReadOnlyList<ProbeResult>? probes = null;
        if (options?.Probe == true)
        {
            if (probe is null)
            {
                issues.Add(ValidationIssue.Warning(ValidationCodes.ValidationError,
                    "A live probe was asked for, but this service has no prober yet; only the static checks ran."));
            }
            else
            {
                probes = await ProbeAsync(servers, issues, cancellationToken);
                if (client is not null)
                {
                    issues.AddRange(ConfigValidator.ProbeLimits(servers, probes, client));
                }
            }
        }

        return ConfigValidator.Report(issues, entries.Count, clock.GetUtcNow()) with { ClientId = clientId, Probes = probes };
    }

    private async Task<IReadOnlyList<ProbeResult>> ProbeAsync(IReadOnlyList<ServerConfig> servers, List<ValidationIssue> issues, CancellationToken cancellationToken)
    {
        var results = new (ProbeResult Result, string? Failure)[servers.Count];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _maxParallel, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, servers.Count), parallel, async (index, token) =>
        {
            var server = servers[index];
            try
            {
                results[index] = (await probe!.ProbeAsync(server, token), null);
            }
            catch (Exception e) when (e is not ProblemException && (e is not OperationCanceledException || !token.IsCancellationRequested))
            {
                results[index] = (new ProbeResult { Server = server.Name, Ok = false, Error = "the probe could not run" }, e.GetType().Name);
            }
        });
        foreach (var (result, failure) in results.Where(r => r.Failure is not null))
        {
            issues.Add(ValidationIssue.Error(ValidationCodes.ValidationError,
                $"The live probe of '{result.Server}' could not run ({failure}); the server itself was not judged. Retry the validation.", result.Server));
        }

        issues.AddRange(ConfigValidator.ProbeFailures(results.Where(r => r.Failure is null).Select(r => r.Result)));

        return [.. results.Select(r => r.Result).OrderBy(r => r.Server, StringComparer.Ordinal)];
    }
}
