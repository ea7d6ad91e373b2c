using Microsoft.Extensions.Configuration;

namespace McpOrchestrator.Functions.Http;

/// <summary>The address clients reach this service at, for the links it hands out (a publish's <c>Location</c> and
/// management URIs). Never taken from the request's <c>Host</c> or forwarded headers, which any caller can set:
/// the app setting <c>McpOrchestrator__PublicBaseUrl</c> when given, else Azure's <c>WEBSITE_HOSTNAME</c> (the
/// platform routes only its bound host names to the app), else links are relative to the service's root.</summary>
public sealed class PublicAddress
{
    public const string Setting = "McpOrchestrator:PublicBaseUrl";

    private readonly string _base;

    public PublicAddress(IConfiguration configuration)
    {
        var configured = configuration[Setting];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            if (!Uri.TryCreate(configured, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
                || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
            {
                throw new InvalidOperationException(
                    $"The app setting McpOrchestrator__PublicBaseUrl is '{configured}': set it to the absolute http(s) URL clients use to reach this service, e.g. https://mcpo.example.com, or remove it.");
            }

            _base = uri.GetLeftPart(UriPartial.Path).TrimEnd('/');
        }
        else
        {
            _base = configuration["WEBSITE_HOSTNAME"] is { Length: > 0 } hostName ? $"https://{hostName}" : string.Empty;
        }
    }

    /// <summary>The configured public base URL (no trailing slash), or null when links are relative.</summary>
    public string? BaseUrl => _base.Length == 0 ? null : _base;

    /// <summary>The absolute URL of <paramref name="path"/>: on the public address when it is known, else on the
    /// address <paramref name="request"/> came in at (for documents that must hold absolute URLs, such as the
    /// protected resource metadata; set McpOrchestrator__PublicBaseUrl behind a proxy).</summary>
    public string Absolute(string path, Microsoft.AspNetCore.Http.HttpRequest request) =>
        (BaseUrl ?? $"{request.Scheme}://{request.Host.ToUriComponent()}") + path;

    /// <summary>The link to <paramref name="path"/> (which starts with <c>/</c>): absolute when the public address
    /// is known, else relative to the service's root.</summary>
    public string Link(string path) => _base + path;
}
