namespace McpOrchestrator.Cli.Http;

/// <summary>The service refused a request: its HTTP status, the problem's stable <see cref="Code"/> (null when the
/// body was not problem+json), and a one-line message built from the problem's detail.</summary>
public sealed class ServiceException(int status, string? code, string message) : Exception(message)
{
    public int Status { get; } = status;

    public string? Code { get; } = code;
}
