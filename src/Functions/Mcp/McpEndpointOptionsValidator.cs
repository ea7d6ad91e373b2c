using Microsoft.Extensions.Options;

namespace McpOrchestrator.Functions.Mcp;

/// <summary>Checks <see cref="McpEndpointOptions"/> at start, so a mistyped origin stops the start with its fix
/// instead of refusing every browser.</summary>
public sealed class McpEndpointOptionsValidator : IValidateOptions<McpEndpointOptions>
{
    public ValidateOptionsResult Validate(string? name, McpEndpointOptions options)
    {
        foreach (var origin in Split(options.AllowedOrigins))
        {
            if (Normalize(origin) is null)
            {
                return ValidateOptionsResult.Fail(
                    $"McpOrchestrator__McpEndpoint__AllowedOrigins holds '{origin}': list browser origins as scheme://host[:port] (e.g. https://app.example,http://localhost:6274), without paths; '*' is not allowed.");
            }
        }

        return ValidateOptionsResult.Success;
    }

    /// <summary>The allowed origins, normalized as browsers send them (scheme://host[:port], lowercase, no default port).</summary>
    public static IEnumerable<string> Origins(string? setting) => Split(setting).Select(Normalize).OfType<string>();

    private static string[] Split(string? setting) =>
        (setting ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string? Normalize(string origin) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            && uri.AbsolutePath == "/" && string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.Fragment) && uri.UserInfo.Length == 0
            && !origin.TrimEnd('/').EndsWith('/')
                ? uri.GetLeftPart(UriPartial.Authority)
                : null;
}
