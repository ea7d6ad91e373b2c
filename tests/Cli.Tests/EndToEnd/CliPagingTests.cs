using System.Text.Json.Nodes;

namespace McpOrchestrator.Cli.Tests.EndToEnd;

/// <summary><c>mcpo servers</c> and <c>mcpo token list</c> against the running service show every item, however
/// many pages the service answers them in (issue 15, item 8: lists page at 100 by default).</summary>
public sealed class CliPagingTests(ServiceFixture service) : IClassFixture<ServiceFixture>
{
    [Fact]
    public async Task Servers_MoreThanOnePage_ListsEveryMatchOnce()
    {
        for (var i = 0; i < 130; i++)
        {
            using var put = await service.SendAsync(HttpMethod.Put, $"/v1/servers/cli-paged-{i:D3}", new { name = $"CLI paged {i}", transport = "stdio", command = "paged-mcp", tags = new[] { "cli-paged" } });
            Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
        }

        using var machine = new CliMachine();
        var environment = new Dictionary<string, string> { ["MCPO_URL"] = service.Url, ["MCPO_TOKEN"] = await service.IssueTokenAsync("cli-paging", "read") };

        var json = await machine.RunAsync(["servers", "--tag", "cli-paged", "--json"], environment: environment);
        var table = await machine.RunAsync(["servers", "--tag", "cli-paged"], environment: environment);

        Assert.True(json.ExitCode == 0, json.ToString());
        var body = JsonNode.Parse(json.Stdout)!;
        Assert.Equal(Enumerable.Range(0, 130).Select(i => $"cli-paged-{i:D3}"), body["servers"]!.AsArray().Select(s => s!["id"]!.GetValue<string>()));
        Assert.Equal(130, body["count"]!.GetValue<int>());
        Assert.Null(body["nextLink"]);
        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Contains("130 server(s)", table.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TokenList_MoreThanOnePage_ListsEveryTokenOnce()
    {
        var admin = await service.IssueTokenAsync("cli-paging-admin", "admin");
        for (var i = 0; i < 104; i++)
        {
            await service.IssueTokenAsync($"cli-paged-{i:D3}", "read");
        }

        using var machine = new CliMachine();
        var run = await machine.RunAsync(["token", "list", "--json"], environment: new Dictionary<string, string> { ["MCPO_URL"] = service.Url, ["MCPO_TOKEN"] = admin });

        Assert.True(run.ExitCode == 0, run.ToString());
        var names = JsonNode.Parse(run.Stdout)!["tokens"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()).ToList();
        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
        var issued = Enumerable.Range(0, 104).Select(i => $"cli-paged-{i:D3}").Append("cli-paging-admin").ToHashSet(StringComparer.Ordinal);
        Assert.Subset(issued, names.ToHashSet(StringComparer.Ordinal));
    }
}
