using System.CommandLine;
using McpOrchestrator.Cli.Http;
using McpOrchestrator.Cli.Merging;
using McpOrchestrator.Cli.Verification;

namespace McpOrchestrator.Cli.Commands;

/// <summary>Runs a command's action with the one error boundary of the CLI: every failure becomes one line on stderr
/// (what went wrong and what to do) and an exit code; no stack trace reaches the user.</summary>
public static class CommandActions
{
    public static void SetRun(this Command command, CliContext context, Func<ParseResult, CancellationToken, Task<int>> action)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(context);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            try
            {
                return await action(parseResult, cancellationToken);
            }
            catch (CliException ex)
            {
                context.Console.Error(ex.Message);
                return ex.ExitCode;
            }
            catch (ServiceException ex)
            {
                context.Console.Error(ex.Message);
                return ExitCodes.Failure;
            }
            catch (VerificationException ex)
            {
                context.Console.Error($"refused: {ex.Message}; nothing was written.");
                return ExitCodes.Failure;
            }
            catch (MergeException ex)
            {
                context.Console.Error($"{ex.Message}; nothing was written.");
                return ExitCodes.Failure;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                context.Console.Error("cancelled.");
                return ExitCodes.Failure;
            }
        });
    }

    /// <summary>The <c>--json</c> option of read commands.</summary>
    public static Option<bool> JsonOption() => new("--json") { Description = "Print the result as JSON, for scripts" };

    /// <summary>A <c>--profile</c> option (default <c>default</c>, or required).</summary>
    public static Option<string> ProfileOption(bool required = false) => new("--profile", "-p")
    {
        Description = "The client's profile" + (required ? string.Empty : " (default: 'default')"),
        Required = required,
        DefaultValueFactory = required ? null! : _ => "default",
    };

    public static Argument<string> ClientArgument() => new("client") { Description = "Client id, e.g. claude-desktop, cursor, vscode, codex, claude-code" };
}
