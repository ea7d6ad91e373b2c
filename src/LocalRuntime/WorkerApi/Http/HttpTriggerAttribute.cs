using Microsoft.Azure.Functions.Worker.Extensions.Abstractions;

namespace Microsoft.Azure.Functions.Worker;

/// <summary>HTTP trigger; the constructors set the same defaults as Microsoft.Azure.Functions.Worker.Extensions.Http 3.x.</summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class HttpTriggerAttribute : TriggerBindingAttribute
{
    public HttpTriggerAttribute()
    {
        AuthLevel = AuthorizationLevel.Function;
    }

    public HttpTriggerAttribute(params string[] methods)
    {
        Methods = methods;
    }

    public HttpTriggerAttribute(AuthorizationLevel authLevel)
    {
        AuthLevel = authLevel;
    }

    public HttpTriggerAttribute(AuthorizationLevel authLevel, params string[] methods)
    {
        AuthLevel = authLevel;
        Methods = methods;
    }

    /// <summary>ASP.NET Core route template; the function name when null.</summary>
    public string? Route { get; set; }

    /// <summary>Accepted HTTP methods; every method when null.</summary>
    public string[]? Methods { get; private set; }

    public AuthorizationLevel AuthLevel { get; private set; }
}
