using System.Globalization;
using System.Text;
using McpOrchestrator.Core.Paging;
using Microsoft.AspNetCore.Http;

namespace McpOrchestrator.Functions.Http;

/// <summary>The paging query of list routes: <c>limit</c> (1 to <see cref="PageRequest.MaxLimit"/>, default
/// <see cref="PageRequest.DefaultLimit"/>; anything else is 400 <c>invalid_query</c>) and <c>cursor</c> (checked by
/// the list it belongs to), and the <c>nextLink</c> to the page after: the route's own path and the filters it
/// understood, on the public address (<see cref="PublicAddress"/>), never on the request's Host.</summary>
public static class PageQuery
{
    public static PageRequest Read(HttpRequest request) => new()
    {
        Limit = QueryFlags.ReadInt(request, "limit", 1, PageRequest.MaxLimit) ?? PageRequest.DefaultLimit,
        Cursor = QueryFlags.ReadText(request, "cursor", PageCursor.MaxLength),
    };

    /// <summary>The link to the page after this one, or null when this is the last. <paramref name="path"/> starts
    /// with <c>/</c> and holds only route ids; <paramref name="filters"/> are the query values the route read (null or
    /// empty ones are left out).</summary>
    public static string? NextLink(PublicAddress address, string path, PageRequest page, string? next, params ReadOnlySpan<(string Name, string? Value)> filters)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(page);
        if (next is null)
        {
            return null;
        }

        var query = new StringBuilder(path).Append('?');
        foreach (var (name, value) in filters)
        {
            if (!string.IsNullOrEmpty(value))
            {
                query.Append(name).Append('=').Append(Uri.EscapeDataString(value)).Append('&');
            }
        }

        if (page.Limit != PageRequest.DefaultLimit)
        {
            query.Append("limit=").Append(page.Limit.ToString(CultureInfo.InvariantCulture)).Append('&');
        }

        query.Append("cursor=").Append(Uri.EscapeDataString(next));
        return address.Link(query.ToString());
    }
}
