namespace McpOrchestrator.LocalHost.Hosting;

/// <summary>The host cannot start for a reason its user can fix; the message is one line naming the cause and the
/// fix, printed as is before the host exits with a non-zero code.</summary>
public sealed class HostStartupException(string message, Exception? innerException = null) : Exception(message, innerException);
