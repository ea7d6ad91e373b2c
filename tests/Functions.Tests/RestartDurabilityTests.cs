using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Security.Cryptography;
using McpOrchestrator.TestSupport;
using Xunit.Abstractions;

namespace McpOrchestrator.Functions.Tests;

/// <summary>Issue 15, item 1: nothing acknowledged is lost across a graceful restart. The service runs as the README's
/// run command runs it (the local host on development storage, starting its own Azurite, here with its data in a
/// folder of the test's own) and is stopped with SIGTERM while draft adds are still being sent, five times over. Every
/// add that was answered 201 must be in the draft after the restart. Azurite saves to disk every 5 s, so a host that
/// killed its Azurite instead of stopping it gracefully loses the adds of the last seconds before each stop.</summary>
public sealed class RestartDurabilityTests(ITestOutputHelper output)
{
    private const int Cycles = 5;
    private const int Writers = 4;

    /// <summary>Acknowledged adds per cycle before the SIGTERM; the writers go on sending until the service is gone.</summary>
    private const int AddsBeforeStop = 30;

    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);

    private readonly string _apiKey = "restart-key-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16));

    [Fact]
    public async Task Sigterm_WhileWriting_FiveTimes_LosesNoAcknowledgedWrite()
    {
        await AssertDevelopmentStoragePortsFreeAsync();
        var data = Directory.CreateTempSubdirectory("mcpo-restart-azurite-").FullName;
        try
        {
            var acknowledged = new Dictionary<string, List<string>>();
            for (var cycle = 1; cycle <= Cycles + 1; cycle++)
            {
                var service = await FunctionsAppProcess.StartAsync(Environment(data));
                try
                {
                    await service.WaitForLineAsync("Development storage: started Azurite", Deadline);
                    var api = new ApiClient(service, _apiKey);
                    foreach (var (profile, names) in acknowledged)
                    {
                        var draft = await api.GetAsync($"/v1/config/cursor/{profile}/draft");
                        var present = draft["entries"]!.AsArray().Select(s => (string)s!["name"]!).ToHashSet(StringComparer.Ordinal);
                        var lost = names.Where(n => !present.Contains(n)).ToList();
                        Assert.True(lost.Count == 0, $"Before cycle {cycle}: {lost.Count} of {names.Count} acknowledged adds of {profile} are gone: {string.Join(", ", lost.Take(10))}");
                    }

                    if (cycle > Cycles)
                    {
                        break;
                    }

                    var profileName = $"restart-{cycle}";
                    await api.ExpectAsync(HttpMethod.Put, $"/v1/clients/cursor/profiles/{profileName}", null, 201);
                    acknowledged[profileName] = await WriteUntilStoppedAsync(service, api, profileName);
                    output.WriteLine($"cycle {cycle}: {acknowledged[profileName].Count} adds acknowledged, the last ones after the SIGTERM was sent");
                    Assert.Contains("Development storage: Azurite stopped", service.Output, StringComparison.Ordinal);
                    Assert.DoesNotContain("killed it", service.Output, StringComparison.Ordinal);
                }
                finally
                {
                    await service.DisposeAsync();
                }
            }

            Assert.Equal(Cycles, acknowledged.Count);
            Assert.All(acknowledged.Values, names => Assert.True(names.Count >= AddsBeforeStop));
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    /// <summary>Writers add servers one after the other; after <see cref="AddsBeforeStop"/> acknowledgements the
    /// service gets SIGTERM while they go on. Returns the names of every add answered 201.</summary>
    private static async Task<List<string>> WriteUntilStoppedAsync(FunctionsAppProcess service, ApiClient api, string profile)
    {
        var acknowledged = new ConcurrentQueue<string>();
        var enough = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = new CancellationTokenSource();
        var writers = Enumerable.Range(0, Writers).Select(writer => Task.Run(async () =>
        {
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var name = $"memory-{writer}-{n:0000}";
                int status;
                System.Text.Json.Nodes.JsonNode? body;
                try
                {
                    (status, body, var response) = await api.SendAsync(HttpMethod.Post, $"/v1/config/cursor/{profile}/draft/add", new { serverId = "memory", name });
                    response.Dispose();
                }
                catch (Exception e) when (e is HttpRequestException or ObjectDisposedException or TaskCanceledException)
                {
                    return; // The service is gone (its client is disposed once it has stopped).
                }

                if (status == 201)
                {
                    acknowledged.Enqueue(name);
                    if (acknowledged.Count >= AddsBeforeStop)
                    {
                        enough.TrySetResult();
                    }
                }
                else if (status is 503 or 502)
                {
                    return; // Stopping: refused, not acknowledged.
                }
                else
                {
                    Assert.Fail($"draft add {name} answered {status}: {body?.ToJsonString()}");
                }
            }
        })).ToList();

        var all = Task.WhenAll(writers);
        await Task.WhenAny(enough.Task, all).WaitAsync(Deadline);
        if (all.IsFaulted)
        {
            await all; // A writer's failed assertion.
        }

        Assert.True(enough.Task.IsCompleted, $"The writers stopped after {acknowledged.Count} acknowledged adds.");
        var stopping = service.StopGracefullyAsync(Deadline);
        await Task.WhenAll(writers).WaitAsync(Deadline);
        await stopping;
        await stop.CancelAsync();
        return [.. acknowledged];
    }

    private Dictionary<string, string> Environment(string data) => new()
    {
        ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
        ["Host__AzuriteLocation"] = data,
        ["McpOrchestrator__ApiKey"] = _apiKey,
    };

    /// <summary>The test needs the host to start its own Azurite, on the emulator's well-known ports.</summary>
    private static async Task AssertDevelopmentStoragePortsFreeAsync()
    {
        foreach (var port in new[] { 10000, 10001, 10002 })
        {
            using var client = new TcpClient();
            try
            {
                await client.ConnectAsync(System.Net.IPAddress.Loopback, port);
                Assert.Fail($"Something listens on 127.0.0.1:{port}; stop that Azurite (or program) to run this test, which needs the local host to start its own.");
            }
            catch (SocketException)
            {
                // Free.
            }
        }
    }
}
