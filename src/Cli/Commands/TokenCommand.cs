using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace McpOrchestrator.Cli.Commands;

/// <summary><c>mcpo token create|list|revoke</c>: API tokens (admin scope). The secret of a new token is printed
/// once, on stdout alone with <c>--json</c> or as the last line otherwise, so it can be captured.</summary>
public static class TokenCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("token", "Issue, list and revoke API tokens");
        command.Subcommands.Add(CreateCommand(context));
        command.Subcommands.Add(ListCommand(context));
        command.Subcommands.Add(RevokeCommand(context));
        return command;
    }

    private static Command CreateCommand(CliContext context)
    {
        var name = new Option<string>("--name") { Description = "What the token is for, e.g. n8n-prod", Required = true };
        var scopes = new Option<string[]>("--scope") { Description = "read, write, admin or tools (repeatable)", Required = true };
        var expires = new Option<string?>("--expires") { Description = "When it stops working (ISO 8601, e.g. 2027-06-30T00:00:00Z)" };
        var json = CommandActions.JsonOption();
        var command = new Command("create", "Issue a token; its secret is shown once") { name, scopes, expires, json };
        command.SetRun(context, async (parse, cancellationToken) =>
        {
            DateTimeOffset? expiresAt = null;
            if (parse.GetValue(expires) is { } text)
            {
                expiresAt = DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
                    ? parsed
                    : throw new CliException($"--expires '{text}' is not a date and time (e.g. 2027-06-30T00:00:00Z).");
            }

            var issued = await context.Service().PostAsync("v1/tokens", new { name = parse.GetValue(name), scopes = parse.GetValue(scopes), expiresAt }, cancellationToken);
            if (parse.GetValue(json))
            {
                context.Console.Json(issued);
                return ExitCodes.Success;
            }

            context.Console.Note($"Issued {issued["id"]} ({issued["name"]}, scopes {string.Join(' ', (issued["scopes"] as JsonArray ?? []).Select(s => s?.ToString()))}). The secret is shown this once:");
            context.Console.Line(issued["token"]?.ToString() ?? string.Empty);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command ListCommand(CliContext context)
    {
        var json = CommandActions.JsonOption();
        var command = new Command("list", "List tokens (never their secrets)") { json };
        command.SetRun(context, async (parse, cancellationToken) =>
        {
            var body = await context.Service().GetAllPagesAsync("v1/tokens", "tokens", cancellationToken);
            if (parse.GetValue(json))
            {
                context.Console.Json(body);
                return ExitCodes.Success;
            }

            var table = new Table().AddColumns("Id", "Name", "Scopes", "Expires", "Last used", "Revoked");
            foreach (var token in body["tokens"] as JsonArray ?? [])
            {
                table.AddRow(
                    Markup.Escape(token?["id"]?.ToString() ?? string.Empty),
                    Markup.Escape(token?["name"]?.ToString() ?? string.Empty),
                    Markup.Escape(string.Join(' ', (token?["scopes"] as JsonArray ?? []).Select(s => s?.ToString()))),
                    Markup.Escape(token?["expiresAt"]?.ToString() ?? "never"),
                    Markup.Escape(token?["lastUsedAt"]?.ToString() ?? "-"),
                    Markup.Escape(token?["revokedAt"]?.ToString() ?? "-"));
            }

            context.Console.Write(table);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command RevokeCommand(CliContext context)
    {
        var id = new Argument<string>("id") { Description = "The token's id (tok_…)" };
        var json = CommandActions.JsonOption();
        var command = new Command("revoke", "Revoke a token") { id, json };
        command.SetRun(context, async (parse, cancellationToken) =>
        {
            var body = await context.Service().SendAsync(HttpMethod.Delete, $"v1/tokens/{Uri.EscapeDataString(parse.GetValue(id)!)}", null, cancellationToken);
            if (parse.GetValue(json))
            {
                context.Console.Json(body.Body);
            }
            else
            {
                context.Console.Line($"Revoked {parse.GetValue(id)}.");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
