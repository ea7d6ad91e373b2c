using Microsoft.Extensions.Logging;

namespace McpOrchestrator.LocalRuntime.Hosting;

internal static partial class StartupLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Local Functions runtime: settings from {Source}; listening on http://127.0.0.1:{Port}")]
    public static partial void Settings(ILogger logger, string source, int port);

    [LoggerMessage(Level = LogLevel.Information, Message = "    {FunctionName}: [{Methods}] {Url}")]
    public static partial void HttpFunction(ILogger logger, string functionName, string methods, string url);
}
