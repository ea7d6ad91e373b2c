using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.Primitives;

namespace McpOrchestrator.LocalHost.Http;

/// <summary>The app's HTTP triggers as ASP.NET Core endpoints, so the real route matcher applies constraints,
/// catch-alls, precedence and methods. Filled once the worker has loaded its functions, before the server opens.</summary>
internal sealed class HttpTriggerEndpoints(HttpFunctionInvoker invoker) : EndpointDataSource
{
    private IReadOnlyList<Endpoint> _endpoints = [];

    public override IReadOnlyList<Endpoint> Endpoints => _endpoints;

    public IReadOnlyList<HttpFunction> Functions { get; private set; } = [];

    public void Load(IReadOnlyList<HttpFunction> functions)
    {
        var endpoints = new List<Endpoint>();
        foreach (var function in functions)
        {
            RoutePattern pattern;
            try
            {
                pattern = RoutePatternFactory.Parse(function.Template);
            }
            catch (RoutePatternException e)
            {
                throw new Hosting.HostStartupException($"The route '{function.Template}' of function '{function.Function.Name}' is not a valid route template ({e.Message}): fix its [HttpTrigger] Route.", e);
            }

            var builder = new RouteEndpointBuilder(context => invoker.InvokeAsync(context, function), pattern, order: 0)
            {
                DisplayName = "Functions." + function.Function.Name,
            };
            if (function.Methods.Count > 0)
            {
                builder.Metadata.Add(new HttpMethodMetadata(function.Methods));
            }

            endpoints.Add(builder.Build());
        }

        Functions = functions;
        _endpoints = endpoints;
    }

    public override IChangeToken GetChangeToken() => new CancellationChangeToken(CancellationToken.None);
}
