namespace Microsoft.Azure.Functions.Worker.Http;

/// <summary>The worker's own HTTP request type. Declared only so that the Durable check-status helpers keep their
/// real signatures: the local runtime serves HTTP functions through the ASP.NET Core integration (<c>HttpRequest</c>)
/// and never creates one of these.</summary>
public abstract class HttpRequestData(FunctionContext functionContext)
{
    public FunctionContext FunctionContext { get; } = functionContext;

    public abstract Uri Url { get; }
}
