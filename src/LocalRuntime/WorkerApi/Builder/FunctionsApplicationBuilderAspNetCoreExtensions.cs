namespace Microsoft.Azure.Functions.Worker.Builder;

public static class FunctionsApplicationBuilderAspNetCoreExtensions
{
    /// <summary>Enables the ASP.NET Core integration: HTTP functions take <c>HttpRequest</c> and return
    /// <c>IActionResult</c> or <c>IResult</c>.</summary>
    public static FunctionsApplicationBuilder ConfigureFunctionsWebApplication(this FunctionsApplicationBuilder builder)
    {
        builder.EnableAspNetCoreIntegration();
        return builder;
    }
}
