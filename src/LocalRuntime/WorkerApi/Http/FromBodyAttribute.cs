namespace Microsoft.Azure.Functions.Worker.Http;

/// <summary>Binds a parameter from the JSON request body.</summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class FromBodyAttribute : Attribute
{
}
