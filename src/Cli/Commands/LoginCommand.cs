using System.CommandLine;
using McpOrchestrator.Cli.Http;
using McpOrchestrator.Cli.Settings;
using Spectre.Console;

namespace McpOrchestrator.Cli.Commands;

/// <summary><c>mcpo login --url URL [--token -]</c>: checks the service and the token, then stores both in the
/// config directory (mode 0600). The token is read from stdin with <c>--token -</c>, or asked for without echo on a
/// terminal; it is never printed.</summary>
public static class LoginCommand
{
    public static Command Create(CliContext context)
    {
        var url = new Option<string>("--url") { Description = "The service's base URL, e.g. http://127.0.0.1:7071", Required = true };
        var token = new Option<string?>("--token") { Description = "'-' reads the API token from stdin (it is never echoed)" };
        var command = new Command("login", "Store the service URL and API token for later commands") { url, token };
        command.SetRun(context, async (parse, cancellationToken) =>
        {
            var baseUri = CliContext.ParseUrl(parse.GetValue(url)!);
            var secret = ReadToken(context, parse.GetValue(token));
            var service = new ServiceClient(context.Http, new ServiceEndpoint(baseUri, secret), context.Time);
            try
            {
                await service.GetAsync("health", cancellationToken);
            }
            catch (ServiceException)
            {
                // It answered: reachable, even when a dependency is down (503).
            }

            if (secret is not null)
            {
                await service.GetAsync("v1/clients", cancellationToken);
            }

            var state = context.State;
            state.WriteLogin(new LoginSettings { Url = baseUri.ToString().TrimEnd('/'), Token = secret });
            context.Console.Line(secret is null
                ? $"Logged in to {baseUri} without a token (stored in {state.LoginPath})."
                : $"Logged in to {baseUri}; the token is stored in {state.LoginPath} (readable by you only).");
            return ExitCodes.Success;
        });
        return command;
    }

    private static string? ReadToken(CliContext context, string? option)
    {
        if (option == "-")
        {
            var text = context.Input.ReadToEnd().Trim();
            return text.Length > 0 ? text : throw new CliException("--token - read nothing from stdin; pipe the token in, e.g. 'printenv MCPO_SECRET | mcpo login --url URL --token -'.");
        }

        if (option is not null)
        {
            throw new CliException("give the token on stdin with '--token -' (a token on the command line ends up in shell history and process lists).");
        }

        if (context.Console.CanAsk)
        {
            var typed = context.Console.Out.Prompt(new TextPrompt<string>("API token (empty for none):").Secret().AllowEmpty());
            return typed.Trim().Length > 0 ? typed.Trim() : null;
        }

        return null;
    }
}
