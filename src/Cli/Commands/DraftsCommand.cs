using System.CommandLine;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace McpOrchestrator.Cli.Commands;

/// <summary><c>mcpo drafts CLIENT PROFILE [--json]</c>: a profile's draft, its entries and what stops any of them
/// from being rendered.</summary>
public static class DraftsCommand
{
    public static Command Create(CliContext context)
    {
        var client = CommandActions.ClientArgument();
        var profile = new Argument<string>("profile") { Description = "The profile, e.g. default" };
        var json = CommandActions.JsonOption();
        var command = new Command("drafts", "Show a profile's draft") { client, profile, json };
        command.SetRun(context, async (parse, cancellationToken) =>
        {
            var definition = context.Client(parse.GetValue(client)!);
            var profileId = parse.GetValue(profile)!;
            var body = await context.Service().GetAsync($"v1/config/{definition.Id}/{profileId}/draft", cancellationToken);
            if (parse.GetValue(json))
            {
                context.Console.Json(body);
                return ExitCodes.Success;
            }

            var entries = body["entries"] as JsonArray ?? [];
            context.Console.Line($"Draft of {definition.Id}/{profileId}: {entries.Count} entr{(entries.Count == 1 ? "y" : "ies")} (etag {body["etag"]})");
            if (entries.Count > 0)
            {
                var table = new Table().AddColumns("Name", "Server", "Params", "Env");
                foreach (var entry in entries)
                {
                    table.AddRow(
                        Markup.Escape(entry?["name"]?.ToString() ?? string.Empty),
                        Markup.Escape(entry?["serverId"]?.ToString() ?? "(inline)"),
                        Markup.Escape(Pairs(entry?["params"])),
                        Markup.Escape(Pairs(entry?["env"])));
                }

                context.Console.Write(table);
            }

            foreach (var issue in body["issues"] as JsonArray ?? [])
            {
                context.Console.Line($"  {issue?["severity"]} {issue?["code"]}: {issue?["message"]}");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static string Pairs(JsonNode? map) => map is JsonObject obj
        ? string.Join(", ", obj.Select(p => $"{p.Key}={p.Value}"))
        : string.Empty;
}
