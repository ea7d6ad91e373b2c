using System.Reflection;

namespace McpOrchestrator.Functions.OpenApi;

/// <summary>The OpenAPI document of this app, built on first use from functions.metadata beside the app. A failed
/// build is not cached: the next request tries again.</summary>
public sealed class OpenApiDocument
{
    private readonly Lazy<string> _json = new(() =>
    {
        var assembly = typeof(OpenApiDocument).Assembly;
        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "1.0.0";
        return OpenApiDocumentBuilder.Build(FunctionsMetadataReader.Read(AppContext.BaseDirectory, assembly), version).ToJsonString();
    }, LazyThreadSafetyMode.PublicationOnly);

    public string Json => _json.Value;
}
