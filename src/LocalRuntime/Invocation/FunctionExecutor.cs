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

    /// <summary>Starts an invocation on <paramref name="scheduler"/> and returns without waiting for it. An orchestrator
    /// step ends while the function still awaits durable work (as in the isolated worker, whose Durable middleware
    /// returns while the function and the middleware after it stay suspended), so the caller says when the invocation is
    /// over through the returned handle, which logs the outcome and releases the invocation's services.</summary>
    public StartedInvocation Start(LocalFunctionDefinition function, string reason, object? triggerValue, TaskScheduler scheduler)
    {
        var scope = scopes.CreateAsyncScope();
        var context = new LocalFunctionContext(function, scope.ServiceProvider, triggerValue, httpContext: null, CancellationToken.None);
        if (_log.IsEnabled(LogLevel.Information))
        {
            InvocationLog.Executing(_log, function.Name, reason, context.InvocationId);
        }

        var started = Stopwatch.GetTimestamp();
        var running = Task.Factory.StartNew(() => pipeline.RunAsync(context), CancellationToken.None, TaskCreationOptions.DenyChildAttach, scheduler).Unwrap();
        return new StartedInvocation(context, running, async failure =>
        {
            if (failure is null)
            {
                InvocationLog.Succeeded(_log, function.Name, context.InvocationId, ElapsedMs(started));
            }
            else
            {
                InvocationLog.Failed(_log, failure, function.Name, context.InvocationId, ElapsedMs(started));
            }

            await scope.DisposeAsync();
        });
    }

    private static long ElapsedMs(long started) => (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
}
