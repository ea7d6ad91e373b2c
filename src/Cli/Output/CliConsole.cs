using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace McpOrchestrator.Cli.Output;

/// <summary>Where <c>mcpo</c> writes: results on stdout (Spectre.Console tables, or JSON for scripts), progress and
/// errors on stderr. Spinners and progress bars only when stdout is a terminal and <c>--json</c> is not given;
/// otherwise progress is plain lines and nothing is coloured.</summary>
public sealed class CliConsole
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private readonly TextWriter _error;

    public CliConsole(TextWriter output, TextWriter error, bool outputIsTerminal, bool inputIsTerminal)
    {
        ArgumentNullException.ThrowIfNull(output);
        _error = error;
        IsTerminal = outputIsTerminal;
        CanAsk = inputIsTerminal && outputIsTerminal;
        Out = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = outputIsTerminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = outputIsTerminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = outputIsTerminal ? InteractionSupport.Detect : InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        if (!outputIsTerminal)
        {
            // No terminal to wrap for: keep table rows on one line each.
            Out.Profile.Width = 240;
        }
    }

    /// <summary>The console as started: the process's stdout and stderr, terminals as detected.</summary>
    public static CliConsole ForProcess() =>
        new(Console.Out, Console.Error, !Console.IsOutputRedirected, !Console.IsInputRedirected);

    public IAnsiConsole Out { get; }

    /// <summary>True when stdout is a terminal (spinners, colours, progress bars).</summary>
    public bool IsTerminal { get; }

    /// <summary>True when the user can be asked (stdin and stdout are terminals).</summary>
    public bool CanAsk { get; }

    public void Line(string text) => Out.WriteLine(text, Style.Plain);

    public void Markup(string markup) => Out.MarkupLine(markup);

    public void Write(IRenderable renderable) => Out.Write(renderable);

    /// <summary>A note for the user on stderr, never mixed into results.</summary>
    public void Note(string text) => _error.WriteLine(text);

    public void Error(string text) => _error.WriteLine("mcpo: " + text);

    public void Json(JsonNode? node) => Out.Profile.Out.Writer.WriteLine(node?.ToJsonString(Indented) ?? "null");

    /// <summary>Runs <paramref name="work"/> under a spinner on a terminal; elsewhere (or with <paramref name="quiet"/>)
    /// it just runs, and the first status goes to stderr unless quiet.</summary>
    public async Task<T> SpinAsync<T>(string status, bool quiet, Func<Action<string>, Task<T>> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (IsTerminal && !quiet)
        {
            return await Out.Status().StartAsync(Spectre.Console.Markup.Escape(status), context => work(s => context.Status = Spectre.Console.Markup.Escape(s)));
        }

        if (!quiet)
        {
            Note(status);
        }

        return await work(s =>
        {
            if (!quiet)
            {
                Note(s);
            }
        });
    }
}
