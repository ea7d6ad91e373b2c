using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace McpOrchestrator.LocalRuntime.Invocation;

/// <summary>Runs one invocation of any trigger: a fresh DI scope, the middleware pipeline, and the
/// Executing/Executed log lines with the invocation id and duration.</summary>
internal sealed class FunctionExecutor(InvocationPipeline pipeline, IServiceScopeFactory scopes, ILoggerFactory loggers)
{
    private readonly ILogger _log = loggers.CreateLogger(InvocationLog.Category);

    /// <summary>Runs the function; returns its context (with the result) after success. Exceptions are logged and rethrown.</summary>
    public async Task<LocalFunctionContext> ExecuteAsync(
        LocalFunctionDefinition function, string reason, object? triggerValue, HttpContext? http, CancellationToken cancellationToken,
        Func<LocalFunctionContext, Task>? afterInvocation = null)
    {
        await using var scope = scopes.CreateAsyncScope();
        var context = new LocalFunctionContext(function, scope.ServiceProvider, triggerValue, http, cancellationToken);
        if (_log.IsEnabled(LogLevel.Information))
        {
            InvocationLog.Executing(_log, function.Name, reason, context.InvocationId);
        }
        var started = Stopwatch.GetTimestamp();
        try
        {
            await pipeline.RunAsync(context);
            if (afterInvocation is not null)
            {
                await afterInvocation(context);
            }

            InvocationLog.Succeeded(_log, function.Name, context.InvocationId, ElapsedMs(started));
            return context;
        }
        catch (BindingException e)
        {
            InvocationLog.BindingRejected(_log, function.Name, context.InvocationId, ElapsedMs(started), e.Message);
            throw new InvocationFailedException(context.InvocationId, e);
        }
        catch (Exception e)
        {
            InvocationLog.Failed(_log, e, function.Name, context.InvocationId, ElapsedMs(started));
            throw new InvocationFailedException(context.InvocationId, e);
        }
    }

    private static long ElapsedMs(long started) => (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
}
