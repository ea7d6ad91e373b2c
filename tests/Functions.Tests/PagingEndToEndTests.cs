using System.Text.Json.Nodes;

namespace McpOrchestrator.Functions.Tests;

/// <summary>Paging of the list routes over HTTP (issue 15, item 8): limit, cursor and nextLink through the local
/// host, with filters, refusals, and links that never follow the caller's Host header.</summary>
public sealed class PagingEndToEndTests(PagingFixture fixture) : IClassFixture<PagingFixture>
{
    private static readonly string[] ListRoutes = ["/v1/servers", "/v1/tokens", "/v1/clients/cursor/profiles", "/v1/config/cursor/default/history"];

    private ApiClient Api => new(fixture.Service, fixture.ApiKey);

    [Fact]
    public async Task Servers_FilteredPages_FollowingNextLink_ListEveryMatchOnce_InIdOrder()
    {
        for (var i = 0; i < 25; i++)
        {
            await Api.ExpectAsync(HttpMethod.Put, $"/v1/servers/paged-{i:D2}", new { name = $"Paged {i}", transport = "stdio", command = "paged-mcp", tags = new[] { "paged" } }, 201);
        }

        for (var i = 0; i < 5; i++)
        {
            await Api.ExpectAsync(HttpMethod.Put, $"/v1/servers/paged-other-{i}", new { name = $"Other {i}", transport = "stdio", command = "paged-mcp", tags = new[] { "other" } }, 201);
        }

        var (pages, items) = await FollowAsync("/v1/servers?tag=paged&limit=10", "servers");

        Assert.Equal([10, 10, 5], pages.Select(p => p["count"]!.GetValue<int>()));
        Assert.Equal(Enumerable.Range(0, 25).Select(i => $"paged-{i:D2}"), items.Select(s => s!["id"]!.GetValue<string>()));
        Assert.All(pages[..^1], page =>
        {
            var link = page["nextLink"]!.GetValue<string>();
            Assert.StartsWith(PagingFixture.PublicBaseUrl + "/v1/servers?tag=paged&limit=10&cursor=", link, StringComparison.Ordinal);
        });
        Assert.False(pages[^1].AsObject().ContainsKey("nextLink"), "the last page has no nextLink");
    }

    [Fact]
    public async Task Tokens_Pages_FollowingNextLink_ListEveryTokenOnce()
    {
        var issued = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            issued.Add((await Api.ExpectAsync(HttpMethod.Post, "/v1/tokens", new { name = $"paged-{i}", scopes = new[] { "read" } }, 201))["id"]!.GetValue<string>());
        }

        var (pages, items) = await FollowAsync("/v1/tokens?limit=2", "tokens");
        var ids = items.Select(t => t!["id"]!.GetValue<string>()).ToList();

        Assert.True(pages.Count >= 3, $"5 tokens or more at 2 a page need 3 pages or more, got {pages.Count}");
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.Subset(issued.ToHashSet(StringComparer.Ordinal), ids.ToHashSet(StringComparer.Ordinal));
        Assert.All(items, t => Assert.False(t!.AsObject().ContainsKey("token")));
    }

    [Fact]
    public async Task Profiles_Pages_ListEveryProfileOnce_TheDefaultIncluded()
    {
        foreach (var id in new[] { "zz-paged", "aa-paged", "dd-paged" })
        {
            await Api.ExpectAsync(HttpMethod.Put, $"/v1/clients/windsurf/profiles/{id}", null, 201);
        }

        var (pages, items) = await FollowAsync("/v1/clients/windsurf/profiles?limit=2", "profiles");

        Assert.Equal(["aa-paged", "dd-paged", "default", "zz-paged"], items.Select(p => p!["id"]!.GetValue<string>()));
        Assert.Equal(2, pages.Count);
        Assert.All(pages, page => Assert.Equal("windsurf", page["clientId"]!.GetValue<string>()));
    }

    [Fact]
    public async Task History_OfAProfileNeverPublished_IsOneEmptyPage()
    {
        var history = await Api.GetAsync("/v1/config/cursor/default/history?limit=1");

        Assert.Empty(history["artifacts"]!.AsArray());
        Assert.Empty(history["deployments"]!.AsArray());
        Assert.False(history.AsObject().ContainsKey("nextLink"));
    }

    [Fact]
    public async Task DefaultPage_HoldsAtMost100_AndTheShapeIsUnchanged()
    {
        var servers = await Api.GetAsync("/v1/servers");

        Assert.InRange(servers["count"]!.GetValue<int>(), 1, 100);
        Assert.Equal(servers["count"]!.GetValue<int>(), servers["servers"]!.AsArray().Count);
    }

    public static TheoryData<string, string> BadLimits()
    {
        var data = new TheoryData<string, string>();
        foreach (var route in ListRoutes)
        {
            foreach (var limit in new[] { "0", "1001", "-1", "abc", "1.5", "", "10&limit=20" })
            {
                data.Add(route, limit);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(BadLimits))]
    public async Task BadLimit_400InvalidQuery_SayingTheAllowedRange(string route, string limit)
    {
        var (status, problem, response) = await Api.SendAsync(HttpMethod.Get, $"{route}?limit={limit}");
        using (response)
        {
            Assert.Equal(400, status);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("invalid_query", problem!["code"]!.GetValue<string>());
            Assert.Contains("'limit'", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Contains("from 1 to 1000", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        }
    }

    public static TheoryData<string, string> BadCursors()
    {
        var data = new TheoryData<string, string>();
        foreach (var route in ListRoutes)
        {
            // Not base64url; padded; another format version; another list's cursor; a key the list refuses.
            foreach (var cursor in new[] { "%25%25%25", "MTpzZXJ2ZXJzOmZpbGVzeXN0ZW0%3D", "MjpzZXJ2ZXJzOmZpbGVzeXN0ZW0", "MTpub3BlOng", "MTpzZXJ2ZXJzOi4uL2V0Yw" })
            {
                data.Add(route, cursor);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(BadCursors))]
    public async Task BadCursor_400InvalidCursor(string route, string cursor)
    {
        var (status, problem, response) = await Api.SendAsync(HttpMethod.Get, $"{route}?cursor={cursor}");
        using (response)
        {
            Assert.Equal(400, status);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("invalid_cursor", problem!["code"]!.GetValue<string>());
            Assert.Contains("nextLink", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ACursorOfTheServersList_IsRefusedByAnotherList()
    {
        var page = await Api.GetAsync("/v1/servers?limit=1");
        var link = page["nextLink"]!.GetValue<string>();
        var cursor = link[(link.IndexOf("cursor=", StringComparison.Ordinal) + "cursor=".Length)..];

        var (status, problem, response) = await Api.SendAsync(HttpMethod.Get, "/v1/clients/cursor/profiles?cursor=" + cursor);
        response.Dispose();

        Assert.Equal(400, status);
        Assert.Equal("invalid_cursor", problem!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task NextLink_IsOnThePublicBaseUrl_WhateverHostTheCallerSends()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/servers?limit=1");
        request.Headers.Add("X-API-Key", fixture.ApiKey);
        request.Headers.Host = "evil.example";
        request.Headers.Add("X-Forwarded-Host", "evil.example");
        request.Headers.Add("X-Forwarded-Proto", "http");

        using var response = await fixture.Service.Client.SendAsync(request);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        var link = body["nextLink"]!.GetValue<string>();
        Assert.StartsWith(PagingFixture.PublicBaseUrl + "/v1/servers?limit=1&cursor=", link, StringComparison.Ordinal);
        Assert.DoesNotContain("evil.example", link, StringComparison.Ordinal);
    }

    /// <summary>GETs <paramref name="path"/> and every page its nextLinks lead to (each on the public base URL, called
    /// here at the service's own address); the pages and all their <paramref name="items"/>.</summary>
    private async Task<(List<JsonNode> Pages, List<JsonNode?> Items)> FollowAsync(string path, string items)
    {
        var pages = new List<JsonNode>();
        var all = new List<JsonNode?>();
        string? next = path;
        while (next is not null)
        {
            Assert.True(pages.Count < 50, "nextLink does not end");
            var page = await Api.GetAsync(next);
            pages.Add(page);
            all.AddRange(page[items]!.AsArray().Select(item => item?.DeepClone()));
            if (page["nextLink"]?.GetValue<string>() is { } link)
            {
                Assert.StartsWith(PagingFixture.PublicBaseUrl + "/", link, StringComparison.Ordinal);
                next = link[PagingFixture.PublicBaseUrl.Length..];
            }
            else
            {
                next = null;
            }
        }

        return (pages, all);
    }
}
