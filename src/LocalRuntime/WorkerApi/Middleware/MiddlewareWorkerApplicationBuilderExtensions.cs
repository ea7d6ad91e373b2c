using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.Hosting;

public static class MiddlewareWorkerApplicationBuilderExtensions
{
    /// <summary>Adds <typeparamref name="T"/> (a singleton) to the invocation pipeline, after the middleware added before it.</summary>
    public static IFunctionsWorkerApplicationBuilder UseMiddleware<T>(this IFunctionsWorkerApplicationBuilder builder)
        where T : class, IFunctionsWorkerMiddleware
    {
        builder.Services.AddSingleton<T>();
        return builder.Use(next => context => context.InstanceServices.GetRequiredService<T>().Invoke(context, next));
    }
}
