using System.CommandLine;
using System.Text.Json.Nodes;
using McpOrchestrator.Core.Formats;
using McpOrchestrator.Core.Problems;

namespace McpOrchestrator.Cli.Commands;

/// <summary><c>mcpo import CLIENT --profile P [--path FILE] [--replace] [--json]</c>: uploads the client's local
/// config file into the profile's draft (the service's import route). A file that does not parse is refused here
/// with the parser's line and column.</summary>
public static class ImportCommand
{
    public static Command Create(CliContext context)
    {
        var client = CommandActions.ClientArgument();
        var profile = CommandActions.ProfileOption(required: true);
        var path = new Option<string?>("--path") { Description = "Read this file instead of the client's usual one" };
        var replace = new Option<bool>("--replace") { Description = "Make the draft exactly the file's servers (default: merge into the draft)" };
        var json = CommandActions.JsonOption();
        var command = new Command("import", "Upload a client's local config file into a profile's draft") { client, profile, path, replace, json };
        command.SetRun(context, async (parse, cancellationToken) =>
        {
            var definition = context.Client(parse.GetValue(client)!);
            var profileId = parse.GetValue(profile)!;
            var file = context.ClientFile(definition, parse.GetValue(path));
            string content;
            try
            {
                content = await File.ReadAllTextAsync(file, cancellationToken);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new CliException($"cannot read {file}: {ex.Message}");
            }

            try
            {
                context.Formats.Import(content, definition);
            }
            catch (ProblemException ex) when (ex.Problem.Code == FormatProblems.InvalidImportCode)
            {
                throw new CliException($"{file}: {ex.Problem.Detail} Nothing was imported.");
            }

            var service = context.Service();
            var body = new { content, mode = parse.GetValue(replace) ? "replace" : "merge" };
            var result = await Profiles.CreatingAsync(context, service, definition.Id, profileId,
                () => service.PostAsync($"v1/config/{definition.Id}/{profileId}/draft/import", body, cancellationToken), cancellationToken);
            if (parse.GetValue(json))
            {
                context.Console.Json(result);
                return ExitCodes.Success;
            }

            context.Console.Line($"Imported {file} (read as {result["format"]}) into the draft of {definition.Id}/{profileId}:");
            foreach (var key in (string[])["added", "updated", "unchanged", "removed"])
            {
                if (result[key] is JsonArray { Count: > 0 } names)
                {
                    context.Console.Line($"  {key}: {string.Join(", ", names.Select(n => n?.ToString()))}");
                }
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
