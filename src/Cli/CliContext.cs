using System.Runtime.InteropServices;
using McpOrchestrator.Cli.Clients;
using McpOrchestrator.Cli.Http;
using McpOrchestrator.Cli.Output;
using McpOrchestrator.Cli.Settings;
using McpOrchestrator.Core.Clients;
using McpOrchestrator.Core.Formats;

namespace McpOrchestrator.Cli;

/// <summary>What every command works with: the one shared <see cref="HttpClient"/>, the console, the clock, the
/// environment (read through a function so tests can give their own), Core's client catalog and formats, and
/// <c>mcpo</c>'s own files.</summary>
public sealed class CliContext(HttpClient http, CliConsole console, TimeProvider time, Func<string, string?> environment, OSPlatform os, TextReader input)
{
    public const string UrlVariable = "MCPO_URL";
    public const string TokenVariable = "MCPO_TOKEN";

    public HttpClient Http { get; } = http;

    public CliConsole Console { get; } = console;

    public TimeProvider Time { get; } = time;

    public TextReader Input { get; } = input;

    public OSPlatform OS { get; } = os;

    public ClientCatalog Catalog { get; } = new();

    public NativeConfigFormats Formats => new(Catalog);

    public CliState State => new(ConfigDirectory.Resolve(OS, environment));

    public string? Environment(string name) => environment(name);

    /// <summary>The client with this id, or a one-line error listing the known ones.</summary>
    public ClientDefinition Client(string id) => Catalog.Find(id) ?? throw new CliException(
        $"there is no client '{id}'; known clients: {string.Join(", ", Catalog.All.Select(c => c.Id))}.");

    /// <summary>The client's config file on this machine: <paramref name="path"/> when given, else its catalog path.</summary>
    public string ClientFile(ClientDefinition client, string? path)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (!string.IsNullOrWhiteSpace(path))
        {
            return Path.GetFullPath(path);
        }

        return ClientFilePaths.Resolve(client, OS, environment) is { } resolved
            ? Path.GetFullPath(resolved)
            : throw new CliException($"{client.DisplayName} has no config file on this OS; give one with --path FILE.");
    }

    /// <summary>The service from <c>MCPO_URL</c>/<c>MCPO_TOKEN</c>, else from <c>mcpo login</c>'s file.</summary>
    public ServiceClient Service()
    {
        var login = State.ReadLogin();
        var url = ConfigDirectory.NonEmpty(environment(UrlVariable)) ?? login?.Url
            ?? throw new CliException($"no service configured: run 'mcpo login --url URL --token -', or set {UrlVariable} and {TokenVariable}.");
        var token = ConfigDirectory.NonEmpty(environment(TokenVariable)) ?? login?.Token;
        return new ServiceClient(Http, new ServiceEndpoint(ParseUrl(url), token), Time);
    }

    /// <summary>An absolute http(s) URL, with a trailing slash so relative routes resolve under it.</summary>
    public static Uri ParseUrl(string url)
    {
        if (!Uri.TryCreate(url?.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new CliException($"'{url}' is not an http or https URL (for example http://127.0.0.1:7071).");
        }

        return uri.AbsolutePath.EndsWith('/') ? uri : new Uri(uri + "/");
    }
}
