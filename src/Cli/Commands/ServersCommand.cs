using System.CommandLine;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace McpOrchestrator.Cli.Commands;

/// <summary><c>mcpo servers [QUERY] [--transport T] [--tag T] [--json]</c>: the server registry, searched.</summary>
public static class ServersCommand
{
    public static Command Create(CliContext context)
    {
        var query = new Argument<string?>("query") { Description = "Search id, name, description and tags", Arity = ArgumentArity.ZeroOrOne };
        var transport = new Option<string?>("--transport") { Description = "stdio, http or sse" };
        var tag = new Option<string?>("--tag") { Description = "Only servers with this tag" };
        var json = CommandActions.JsonOption();
        var command = new Command("servers", "Browse the server registry") { query, transport, tag, json };
        command.SetRun(context, async (parse, cancellationToken) =>
        {
            var parameters = new List<string>();
            foreach (var (name, value) in (ReadOnlySpan<(string, string?)>)[("q", parse.GetValue(query)), ("transport", parse.GetValue(transport)), ("tag", parse.GetValue(tag))])
            {
                if (!string.IsNullOrWhiteSpace(value))
                {
                    parameters.Add($"{name}={Uri.EscapeDataString(value)}");
                }
            }

            var path = "v1/servers" + (parameters.Count > 0 ? "?" + string.Join('&', parameters) : string.Empty);
            var body = await context.Service().GetAllPagesAsync(path, "servers", cancellationToken);
            if (parse.GetValue(json))
            {
                context.Console.Json(body);
                return ExitCodes.Success;
            }

            var servers = body["servers"] as JsonArray ?? [];
            if (servers.Count == 0)
            {
                context.Console.Line("No server matches.");
                return ExitCodes.Success;
            }

            var table = new Table().AddColumns("Id", "Name", "Transport", "Parameters", "Description");
            foreach (var server in servers)
            {
                var parameterNames = (server?["parameters"] as JsonArray ?? [])
                    .Select(p => p?["name"]?.ToString() + (p?["required"]?.GetValue<bool>() == true ? "*" : string.Empty));
                table.AddRow(
                    Markup.Escape(server?["id"]?.ToString() ?? string.Empty),
                    Markup.Escape(server?["name"]?.ToString() ?? string.Empty),
                    Markup.Escape(server?["transport"]?.ToString() ?? string.Empty),
                    Markup.Escape(string.Join(", ", parameterNames)),
                    Markup.Escape(server?["description"]?.ToString() ?? string.Empty));
            }

            context.Console.Write(table);
            context.Console.Line($"{servers.Count} server(s); * marks a required parameter.");
            return ExitCodes.Success;
        });
        return command;
    }
}
