using Microsoft.Extensions.Configuration;

namespace McpOrchestrator.LocalRuntime.Hosting;

/// <summary>Allowed browser origins from local.settings.json <c>Host.CORS</c> (or the <c>Host__CORS</c> environment
/// variable): a comma-separated list, or <c>*</c>. Credentials are allowed only with an explicit list, never with <c>*</c>.</summary>
internal sealed record CorsSettings(IReadOnlyList<string> Origins, bool AllowAnyOrigin, bool AllowCredentials)
{
    public static CorsSettings From(IConfiguration configuration)
    {
        var origins = (configuration["Host:CORS"] ?? string.Empty)
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(origin => origin.TrimEnd('/'))
            .ToArray();
        var any = origins.Contains("*");
        var credentials = bool.TryParse(configuration["Host:CORSCredentials"], out var c) && c;
        if (any && credentials)
        {
            throw new InvalidOperationException(
                "Host.CORS is '*' while Host.CORSCredentials is true: a wildcard origin with credentials lets any site act as the user. List the allowed origins instead.");
        }

        return new CorsSettings(any ? [] : origins, any, credentials);
    }

    public bool IsEnabled => AllowAnyOrigin || Origins.Count > 0;
}
