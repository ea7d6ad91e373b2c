using System.CommandLine;
using McpOrchestrator.Cli.Commands;

namespace McpOrchestrator.Cli;

/// <summary>The <c>mcpo</c> command tree (System.CommandLine): every command of the CLI over one
/// <see cref="CliContext"/>. <c>--version</c> and <c>--help</c> come with the root.</summary>
public static class CliApplication
{
    public static RootCommand Create(CliContext context)
    {
        var root = new RootCommand("mcpo: MCP Orchestrator on your machine. Pull signed MCP server configurations into each client's own config file; import, publish, tokens.");
        root.Subcommands.Add(LoginCommand.Create(context));
        root.Subcommands.Add(PullCommand.Create(context));
        root.Subcommands.Add(StatusCommand.Create(context));
        root.Subcommands.Add(ImportCommand.Create(context));
        root.Subcommands.Add(PublishCommand.Create(context));
        root.Subcommands.Add(ServersCommand.Create(context));
        root.Subcommands.Add(DraftsCommand.Create(context));
        root.Subcommands.Add(AddCommand.Create(context));
        root.Subcommands.Add(TokenCommand.Create(context));
        return root;
    }
}
