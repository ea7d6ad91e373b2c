using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Microsoft.Azure.Functions.Worker;

public static class FunctionContextLoggerExtensions
{
    public static ILogger<T> GetLogger<T>(this FunctionContext context) =>
        context.InstanceServices.GetRequiredService<ILogger<T>>();

    public static ILogger GetLogger(this FunctionContext context, string categoryName) =>
        context.InstanceServices.GetRequiredService<ILoggerFactory>().CreateLogger(categoryName);
}
