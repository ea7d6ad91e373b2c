using McpOrchestrator.Core.Clients;
using McpOrchestrator.Core.Configs;
using McpOrchestrator.Core.Formats;
using McpOrchestrator.Core.Problems;

namespace McpOrchestrator.Core.Tests.Formats;

/// <summary>
/// The round-trip property, as an assertion any test can point at its own servers (the registry's built-in servers,
/// for instance): for every client of the catalog, each server the client accepts survives
/// <c>Import(Render([x]))</c> as <see cref="NativeConfigFormats.Carried"/>(x), all of them together survive in one
/// file, and each server the client cannot run is refused with <c>transport_not_supported</c>. Values the client would
/// read as its own variable references (<see cref="NativeConfigFormats.CanCarryValue"/>) must not be in the input.
/// </summary>
public static class RoundTrip
{
    public static void AssertForEveryClient(IReadOnlyList<ServerConfig> servers, ClientCatalog? catalog = null)
    {
        catalog ??= new ClientCatalog();
        foreach (var client in catalog.All)
        {
            AssertForClient(servers, client, catalog);
        }
    }

    public static void AssertForClient(IReadOnlyList<ServerConfig> servers, ClientDefinition client, ClientCatalog? catalog = null)
    {
        var formats = new NativeConfigFormats(catalog ?? new ClientCatalog());
        var accepted = new List<ServerConfig>();
        foreach (var server in servers)
        {
            if (!client.Accepts(server.Transport))
            {
                var refused = Assert.Throws<ProblemException>(() => formats.Render([server], client));
                Assert.Equal(FormatProblems.TransportNotSupportedCode, refused.Problem.Code);
                continue;
            }

            accepted.Add(server);
            AssertSame(client, [server], formats);
        }

        AssertSame(client, accepted, formats);
    }

    /// <summary>Renders <paramref name="servers"/> for <paramref name="client"/>, imports the text, and fails with
    /// the file and every differing field unless the result is exactly what the client carries.</summary>
    public static void AssertSame(ClientDefinition client, IReadOnlyList<ServerConfig> servers, NativeConfigFormats formats)
    {
        foreach (var server in servers)
        {
            string?[] values = [server.Command, server.Url, .. server.Args, .. server.Env.Values, .. server.Headers.Values];
            var uncarried = values.FirstOrDefault(v => v is not null && !NativeConfigFormats.CanCarryValue(v, client));
            Assert.True(uncarried is null, $"{client.Id}: server '{server.Name}' has the literal value {uncarried}, which {client.DisplayName} would read as its own variable reference; it cannot round-trip (validation should warn about it).");
        }

        var text = formats.Render(servers, client);
        IReadOnlyList<ServerConfig> imported;
        try
        {
            imported = formats.Import(text, client);
        }
        catch (ProblemException ex)
        {
            Assert.Fail($"{client.Id}: the rendered file does not import ({ex.Problem.Code}: {ex.Problem.Detail})\n{text}");
            return;
        }

        var expected = servers.Select(s => NativeConfigFormats.Carried(s, client)).OrderBy(s => s.Name, StringComparer.Ordinal).ToList();
        var problems = new List<string>();
        if (expected.Count != imported.Count)
        {
            problems.Add($"expected {expected.Count} entries, imported {imported.Count}");
        }

        foreach (var (want, got) in expected.Zip(imported))
        {
            problems.AddRange(ServerConfigEquivalence.Differences(want, got).Select(d => $"{want.Name}: {d}"));
        }

        if (problems.Count > 0)
        {
            Assert.Fail($"{client.Id}: import(render(x)) differs from x as the client carries it:\n  {string.Join("\n  ", problems)}\n--- rendered ---\n{text}");
        }

        Assert.Equal(text, formats.Render(imported, client));
    }
}
