using System.CommandLine;
using System.Text.Json.Nodes;
using McpOrchestrator.Cli.Clients;
using McpOrchestrator.Cli.Http;
using McpOrchestrator.Core.Clients;
using Spectre.Console;

namespace McpOrchestrator.Cli.Commands;

/// <summary><c>mcpo status [--json]</c>: for every client whose config file exists on this machine (its usual path,
/// or a path <c>pull --path</c> wrote), how the file stands against the deployed profile (the one last pulled into
/// it, else <c>default</c>), by the service's diff: up-to-date, outdated or diverged.</summary>
public static class StatusCommand
{
    public static Command Create(CliContext context)
    {
        var json = CommandActions.JsonOption();
        var command = new Command("status", "Compare each client's config file on this machine with what is deployed") { json };
        command.SetRun(context, async (parse, cancellationToken) =>
        {
            var service = context.Service();
            var state = context.State;
            var applied = state.ReadApplied();
            var files = new List<(ClientDefinition Client, string Path)>();
            foreach (var client in context.Catalog.All)
            {
                if (ClientFilePaths.Resolve(client, context.OS, context.Environment) is { } path && File.Exists(path))
                {
                    files.Add((client, Path.GetFullPath(path)));
                }
            }

            foreach (var record in applied)
            {
                if (context.Catalog.Find(record.ClientId) is { } client && File.Exists(record.Path) && !files.Any(f => f.Path == record.Path))
                {
                    files.Add((client, record.Path));
                }
            }

            var rows = new JsonArray();
            await context.Console.SpinAsync("Comparing with the service", quiet: parse.GetValue(json), async _ =>
            {
                foreach (var (client, path) in files)
                {
                    var record = applied.LastOrDefault(a => a.Path == path);
                    var profileId = record?.ProfileId ?? "default";
                    var row = new JsonObject
                    {
                        ["client"] = client.Id,
                        ["path"] = path,
                        ["profile"] = profileId,
                        ["appliedVersion"] = record?.Version,
                        ["appliedArtifactId"] = record?.ArtifactId,
                    };
                    try
                    {
                        var diff = await service.PostAsync("v1/config/diff", new { clientId = client.Id, profileId, local = await File.ReadAllTextAsync(path, cancellationToken) }, cancellationToken);
                        row["status"] = diff["status"]?.DeepClone();
                        row["diff"] = diff.DeepClone();
                    }
                    catch (ServiceException ex) when (ex.Status is 400 or 404)
                    {
                        row["status"] = ex.Code is "nothing_deployed" or "profile_not_found" ? "not-deployed" : "unreadable";
                        row["detail"] = ex.Message;
                    }

                    rows.Add(row);
                }

                return 0;
            });

            if (parse.GetValue(json))
            {
                context.Console.Json(rows);
                return ExitCodes.Success;
            }

            if (rows.Count == 0)
            {
                context.Console.Line("No client config file found on this machine.");
                return ExitCodes.Success;
            }

            var table = new Table().AddColumns("Client", "Profile", "Applied", "Status", "Changes", "File");
            foreach (var row in rows)
            {
                table.AddRow(
                    Text(row!["client"]), Text(row["profile"]),
                    row["appliedVersion"] is null ? "-" : "v" + Text(row["appliedVersion"]),
                    StatusMarkup(Text(row["status"]), context.Console.IsTerminal),
                    Markup.Escape(row["detail"] is null ? Changes(row["diff"]) : Text(row["detail"])),
                    Markup.Escape(Text(row["path"])));
            }

            context.Console.Write(table);
            return ExitCodes.Success;
        });
        return command;
    }

    private static string Text(JsonNode? node) => node?.ToString() ?? string.Empty;

    private static string Changes(JsonNode? diff)
    {
        if (diff is null)
        {
            return string.Empty;
        }

        var parts = new List<string>();
        foreach (var (key, label) in (ReadOnlySpan<(string, string)>)[("added", "to add"), ("removed", "only here"), ("modified", "changed")])
        {
            if (diff[key] is JsonArray { Count: > 0 } list)
            {
                parts.Add($"{list.Count} {label}");
            }
        }

        return string.Join(", ", parts);
    }

    private static string StatusMarkup(string status, bool color)
    {
        if (!color)
        {
            return Markup.Escape(status);
        }

        var style = status switch { "up-to-date" => "green", "outdated" => "yellow", "diverged" => "red", _ => "grey" };
        return $"[{style}]{Markup.Escape(status)}[/]";
    }
}
