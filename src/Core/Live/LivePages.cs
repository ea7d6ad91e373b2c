using McpOrchestrator.Core.Mcp;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Client;

namespace McpOrchestrator.Core.Live;

/// <summary>The paging shared by the aggregated listings: the live servers in name order, one upstream page per
/// aggregated page, skipping servers without the capability, servers that are down and empty pages.</summary>
internal static class LivePages
{
    /// <summary>Upstream requests one aggregated page may make before it answers empty with a cursor (servers whose
    /// pages are empty, or down).</summary>
    private const int MaxRequestsPerPage = 16;

    public static async Task<(IReadOnlyList<(string Server, T Item)> Items, string? NextCursor)> NextAsync<T>(
        LiveSet live,
        AggregateCursor? cursor,
        ILogger logger,
        string what,
        Func<McpClient, bool> supports,
        Func<McpClient, string?, CancellationToken, ValueTask<(IList<T> Items, string? Next)>> listPage,
        CancellationToken cancellationToken)
    {
        var servers = live.Connections.OrderBy(c => c.Name, StringComparer.Ordinal).ToList();
        var start = cursor is null ? 0 : servers.FindIndex(c => string.CompareOrdinal(c.Name, cursor.Server) >= 0);
        if (start < 0)
        {
            return ([], null);
        }

        var i = start;
        var upstream = cursor is not null && servers[start].Name == cursor.Server ? cursor.Upstream : null;
        for (var requests = 1; i < servers.Count; requests++)
        {
            var connection = servers[i];
            IList<T> items;
            string? next;
            try
            {
                var from = upstream;
                (items, next) = await connection.RequestAsync(
                    (client, ct) => supports(client) ? listPage(client, from, ct) : ValueTask.FromResult<(IList<T>, string?)>(([], null)),
                    cancellationToken);
            }
            catch (McpServerException failure)
            {
                LiveLog.ListingSkipped(logger, connection.Name, what, failure.Message);
                (items, next) = ([], null);
            }

            var nextCursor = next is not null
                ? new AggregateCursor(connection.Name, next).Encode()
                : i + 1 < servers.Count ? new AggregateCursor(servers[i + 1].Name, null).Encode() : null;
            if (items.Count > 0 || nextCursor is null || requests == MaxRequestsPerPage)
            {
                return ([.. items.Select(item => (connection.Name, item))], nextCursor);
            }

            // Nothing on this page but more to come: follow it within this request.
            if (next is not null)
            {
                upstream = next;
            }
            else
            {
                i++;
                upstream = null;
            }
        }

        return ([], null);
    }
}
