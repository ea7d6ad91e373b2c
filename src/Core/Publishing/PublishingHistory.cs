using System.Globalization;
using McpOrchestrator.Core.Paging;
using McpOrchestrator.Core.Publishing.Artifacts;
using McpOrchestrator.Core.Publishing.Deployments;

namespace McpOrchestrator.Core.Publishing;

/// <summary>
/// A profile's publishing history, page by page, newest first. Versions and deployment sequence numbers count 1, 2,
/// 3 … per profile, so a page is a key range below the previous page's: the cursor holds where each of the two lists
/// continues (0 once a list is done), and no page reads more than its limit of rows per list.
/// </summary>
public sealed class PublishingHistory(ArtifactStore artifacts, DeploymentStore deployments)
{
    private const string CursorList = "history";

    /// <summary>400 <c>invalid_cursor</c>.</summary>
    public async Task<HistoryPage> ReadPageAsync(string clientId, string profileId, PageRequest page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(page);
        var key = PageCursor.Read(page.Cursor, CursorList, key => Parse(key) is not null);
        var position = key is null ? null : Parse(key);
        int? artifactTop = position?.Artifacts;
        int? deploymentTop = position?.Deployments;
        (IReadOnlyList<ArtifactSummary> Items, int? NextTop) versions = artifactTop is 0
            ? ([], null)
            : await artifacts.ListPageAsync(clientId, profileId, artifactTop, page.Limit, cancellationToken);
        (IReadOnlyList<Deployment> Items, int? NextTop) deployed = deploymentTop is 0
            ? ([], null)
            : await deployments.ListPageAsync(clientId, profileId, deploymentTop, page.Limit, cancellationToken);
        var next = versions.NextTop is null && deployed.NextTop is null
            ? null
            : PageCursor.Write(CursorList, string.Create(CultureInfo.InvariantCulture, $"{versions.NextTop ?? 0}.{deployed.NextTop ?? 0}"));
        return new HistoryPage(versions.Items, deployed.Items, next);
    }

    /// <summary><c>{version}.{sequence}</c>, each a whole number from 0; null for anything else.</summary>
    private static (int Artifacts, int Deployments)? Parse(string key)
    {
        var dot = key.IndexOf('.', StringComparison.Ordinal);
        return dot > 0
            && int.TryParse(key.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out var artifacts)
            && int.TryParse(key.AsSpan(dot + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var deployments)
                ? (artifacts, deployments)
                : null;
    }
}
