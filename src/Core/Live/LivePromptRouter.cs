using McpOrchestrator.Core.Mcp;
using McpOrchestrator.Core.Problems;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Protocol;

namespace McpOrchestrator.Core.Live;

/// <summary>
/// The prompts of every live server under one namespace, for the service's own MCP endpoint: each prompt is listed
/// as <c>{server}__{prompt}</c> under the 64-character rule of <see cref="LiveToolNames"/>, paged through the servers
/// like <see cref="LiveResourceRouter"/>. Getting a prompt finds its server by that name.
/// </summary>
public sealed class LivePromptRouter(LiveSet live, ILogger<LivePromptRouter> logger)
{
    private static readonly Func<ModelContextProtocol.Client.McpClient, bool> HasPrompts =
        static client => client.ServerCapabilities?.Prompts is not null;

    /// <summary>One page of the aggregated listing.</summary>
    public async Task<ListPromptsResult> ListAsync(string? cursor, CancellationToken cancellationToken)
    {
        var page = await LivePages.NextAsync(live, AggregateCursor.Decode(cursor), logger, "prompts", HasPrompts, ListPageAsync, cancellationToken);
        return new ListPromptsResult
        {
            Prompts = [.. page.Items.Select(item => Namespaced(item.Server, item.Item))],
            NextCursor = page.NextCursor,
        };
    }

    /// <summary>Gets a prompt from the server that lists it under <paramref name="name"/>.</summary>
    public async Task<GetPromptResult> GetAsync(string? name, IDictionary<string, System.Text.Json.JsonElement>? arguments, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(name))
        {
            throw new ProblemException(LiveProblems.PromptNotFound(string.Empty));
        }

        // Names are '{server}__{prompt}' unless shortened, so the server is known before anything is listed; only its
        // prompts are listed to find the original name.
        foreach (var connection in live.Connections.Where(c => name.StartsWith(c.Name + LiveToolNames.Separator, StringComparison.Ordinal)))
        {
            IReadOnlyList<Prompt> prompts;
            try
            {
                prompts = await AllPromptsAsync(connection, cancellationToken);
            }
            catch (McpServerException failure)
            {
                throw new ProblemException(LiveProblems.ServerUnavailable(connection.Name, failure.Message, TimeSpan.FromSeconds(Problems.Problems.RetryAfterSeconds), failure.Kind));
            }

            var names = LiveToolNames.Assign([.. prompts.Select(p => (connection.Name, p.Name))]);
            var index = names.ToList().IndexOf(name);
            if (index < 0)
            {
                continue;
            }

            var original = prompts[index].Name;
            try
            {
                return await connection.RequestAsync(
                    (client, ct) => client.GetPromptAsync(new GetPromptRequestParams { Name = original, Arguments = arguments?.ToDictionary() }, ct),
                    cancellationToken);
            }
            catch (McpServerException failure) when (failure.Kind is McpFailureKind.ProtocolError)
            {
                throw new ProblemException(LiveProblems.ArgumentsRefused(connection.Name, original, failure.Message));
            }
            catch (McpServerException failure)
            {
                throw new ProblemException(LiveProblems.ServerUnavailable(connection.Name, failure.Message, TimeSpan.FromSeconds(Problems.Problems.RetryAfterSeconds), failure.Kind));
            }
        }

        throw new ProblemException(LiveProblems.PromptNotFound(name));
    }

    private static async Task<IReadOnlyList<Prompt>> AllPromptsAsync(LiveConnection connection, CancellationToken cancellationToken)
    {
        var prompts = new List<Prompt>();
        string? cursor = null;
        do
        {
            var (items, next) = await connection.RequestAsync((client, ct) => HasPrompts(client) ? ListPageAsync(client, cursor, ct) : ValueTask.FromResult<(IList<Prompt>, string?)>(([], null)), cancellationToken);
            prompts.AddRange(items);
            cursor = next;
        }
        while (cursor is not null);
        return prompts;
    }

    private static async ValueTask<(IList<Prompt> Items, string? Next)> ListPageAsync(ModelContextProtocol.Client.McpClient client, string? upstream, CancellationToken cancellationToken)
    {
        var result = await client.ListPromptsAsync(new ListPromptsRequestParams { Cursor = upstream }, cancellationToken);
        return (result.Prompts, result.NextCursor);
    }

    private static Prompt Namespaced(string server, Prompt prompt) => new()
    {
        Name = LiveToolNames.Qualify(server, prompt.Name),
        Title = prompt.Title,
        Description = prompt.Description,
        Arguments = prompt.Arguments,
        Icons = prompt.Icons,
        Meta = prompt.Meta,
    };
}
