using System.CommandLine;
using McpOrchestrator.Cli.Output;
using McpOrchestrator.Cli.Settings;

namespace McpOrchestrator.Cli;

/// <summary>The <c>mcpo</c> process: one shared <see cref="HttpClient"/>, the console, and the command tree.</summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        using var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), ConnectTimeout = TimeSpan.FromSeconds(10) };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(100) };
        http.DefaultRequestHeaders.UserAgent.ParseAdd("mcpo/" + (typeof(Program).Assembly.GetName().Version?.ToString(3) ?? "0"));
        var context = new CliContext(http, CliConsole.ForProcess(), TimeProvider.System, Environment.GetEnvironmentVariable, UserHome.CurrentOS, Console.In);
        var parse = CliApplication.Create(context).Parse(args);
        return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = true });
    }
}
