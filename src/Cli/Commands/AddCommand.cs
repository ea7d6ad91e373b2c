using System.CommandLine;

namespace McpOrchestrator.Cli.Commands;

/// <summary><c>mcpo add CLIENT PROFILE SERVER [--name N] [--param k=v]... [--env K=V]... [--json]</c>: adds a
/// registry server to a profile's draft (creating the profile when it is new).</summary>
public static class AddCommand
{
    public static Command Create(CliContext context)
    {
        var client = CommandActions.ClientArgument();
        var profile = new Argument<string>("profile") { Description = "The profile, e.g. default" };
        var server = new Argument<string>("server") { Description = "A registry server id (see 'mcpo servers')" };
        var name = new Option<string?>("--name") { Description = "The entry's name in the client file (default: the server id)" };
        var parameters = new Option<string[]>("--param") { Description = "A server parameter, k=v (repeatable)", AllowMultipleArgumentsPerToken = false };
        var env = new Option<string[]>("--env") { Description = "An env variable, K=V; V may be ${env:NAME} or ${secret:NAME} (repeatable)" };
        var json = CommandActions.JsonOption();
        var command = new Command("add", "Add a registry server to a profile's draft") { client, profile, server, name, parameters, env, json };
        command.SetRun(context, async (parse, cancellationToken) =>
        {
            var definition = context.Client(parse.GetValue(client)!);
            var profileId = parse.GetValue(profile)!;
            var body = new
            {
                serverId = parse.GetValue(server),
                name = parse.GetValue(name),
                @params = Pairs(parse.GetValue(parameters), "--param"),
                env = Pairs(parse.GetValue(env), "--env"),
            };
            var service = context.Service();
            var entry = await Profiles.CreatingAsync(context, service, definition.Id, profileId,
                () => service.PostAsync($"v1/config/{definition.Id}/{profileId}/draft/add", body, cancellationToken), cancellationToken);
            if (parse.GetValue(json))
            {
                context.Console.Json(entry);
            }
            else
            {
                context.Console.Line($"Added {entry["name"]} ({entry["serverId"]}) to the draft of {definition.Id}/{profileId}.");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Dictionary<string, string>? Pairs(string[]? values, string option)
    {
        if (values is null || values.Length == 0)
        {
            return null;
        }

        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            var equals = value.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new CliException($"{option} '{value}' is not KEY=VALUE.");
            }

            pairs[value[..equals]] = value[(equals + 1)..];
        }

        return pairs;
    }
}
