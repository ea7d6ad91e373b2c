namespace McpOrchestrator.Functions.Http;

/// <summary>Declares the scope a function requires (<c>read</c>, <c>write</c>, <c>admin</c>, <c>tools</c>). Every HTTP
/// function declares either this or <see cref="PublicEndpointAttribute"/>; <see cref="AuthorizationMiddleware"/>
/// refuses to start otherwise.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequiresScopeAttribute(string scope) : Attribute
{
    public string Scope { get; } = scope;
}
