using McpOrchestrator.Core.Mcp;
using McpOrchestrator.Core.Problems;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Protocol;

namespace McpOrchestrator.Core.Live;

/// <summary>
/// The resources of every live server under one namespace, for the service's own MCP endpoint. A resource's URI
/// becomes <c>mcpo://{server}/{escaped original URI}</c> (<see cref="Qualify"/>) and its name <c>{server}__{name}</c>,
/// so two servers' resources never collide and a read finds its server without a lookup. Listing pages through the
/// servers one upstream page at a time (<see cref="AggregateCursor"/>); a server that is down is skipped (its
/// resources are missing until it is back) rather than failing the listing.
/// </summary>
public sealed class LiveResourceRouter(LiveSet live, ILogger<LiveResourceRouter> logger)
{
    public const string Scheme = "mcpo://";

    /// <summary>The namespaced URI of <paramref name="uri"/> of <paramref name="server"/>.</summary>
    public static string Qualify(string server, string uri) => Scheme + server + "/" + Uri.EscapeDataString(uri);

    /// <summary>The server and original URI of a namespaced URI, or null when it is not one.</summary>
    public static (string Server, string Uri)? Parse(string? qualified)
    {
        if (qualified is null || !qualified.StartsWith(Scheme, StringComparison.Ordinal))
        {
            return null;
        }

        var rest = qualified.AsSpan(Scheme.Length);
        var slash = rest.IndexOf('/');
        if (slash <= 0 || slash == rest.Length - 1)
        {
            return null;
        }

        try
        {
            return (rest[..slash].ToString(), Uri.UnescapeDataString(rest[(slash + 1)..].ToString()));
        }
        catch (UriFormatException)
        {
            return null;
        }
    }

    /// <summary>One page of the aggregated listing.</summary>
    public async Task<ListResourcesResult> ListAsync(string? cursor, CancellationToken cancellationToken)
    {
        var page = await LivePages.NextAsync(
            live, AggregateCursor.Decode(cursor), logger, "resources",
            static client => client.ServerCapabilities?.Resources is not null,
            static async (client, upstream, ct) =>
            {
                var result = await client.ListResourcesAsync(new ListResourcesRequestParams { Cursor = upstream }, ct);
                return (result.Resources, result.NextCursor);
            },
            cancellationToken);
        return new ListResourcesResult
        {
            Resources = [.. page.Items.Select(item => Namespaced(item.Server, item.Item))],
            NextCursor = page.NextCursor,
        };
    }

    /// <summary>Reads a namespaced resource from its server; the contents carry the namespaced URI.</summary>
    public async Task<ReadResourceResult> ReadAsync(string? uri, CancellationToken cancellationToken)
    {
        var parsed = Parse(uri) ?? throw new ProblemException(LiveProblems.ResourceNotFound(uri ?? string.Empty, $"live resource URIs start with {Scheme}{{server}}/"));
        var connection = live.Find(parsed.Server)
            ?? throw new ProblemException(LiveProblems.ResourceNotFound(uri!, $"no live server is named '{parsed.Server}'"));
        ReadResourceResult result;
        try
        {
            result = await connection.RequestAsync(
                (client, ct) => client.ReadResourceAsync(new ReadResourceRequestParams { Uri = parsed.Uri }, ct), cancellationToken);
        }
        catch (McpServerException failure) when (failure.Kind is McpFailureKind.ProtocolError)
        {
            throw new ProblemException(LiveProblems.ResourceNotFound(uri!, $"server '{parsed.Server}' answered: {failure.Message}"));
        }
        catch (McpServerException failure)
        {
            throw new ProblemException(LiveProblems.ServerUnavailable(parsed.Server, failure.Message, TimeSpan.FromSeconds(Problems.Problems.RetryAfterSeconds), failure.Kind));
        }

        foreach (var content in result.Contents)
        {
            content.Uri = Qualify(parsed.Server, content.Uri);
        }

        return result;
    }

    private static Resource Namespaced(string server, Resource resource) => new()
    {
        Uri = Qualify(server, resource.Uri),
        Name = LiveToolNames.Qualify(server, resource.Name),
        Title = resource.Title,
        Description = resource.Description,
        MimeType = resource.MimeType,
        Size = resource.Size,
        Annotations = resource.Annotations,
        Icons = resource.Icons,
        Meta = resource.Meta,
    };
}
