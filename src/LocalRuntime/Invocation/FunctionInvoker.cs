using System.Reflection;
using Microsoft.Extensions.DependencyInjection;

namespace McpOrchestrator.LocalRuntime.Invocation;

/// <summary>The last step of the invocation pipeline: binds the arguments, creates the function class from the
/// invocation's scoped services (as the worker does), runs the method and stores what it returned.</summary>
internal sealed class FunctionInvoker
{
    private static readonly MethodInfo AwaitTaskMethod = typeof(FunctionInvoker).GetMethod(nameof(AwaitTask), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly MethodInfo AwaitValueTaskMethod = typeof(FunctionInvoker).GetMethod(nameof(AwaitValueTask), BindingFlags.NonPublic | BindingFlags.Static)!;

    private readonly LocalFunctionDefinition _definition;
    private readonly ParameterBinder _binder;
    private readonly Func<object, Task<object?>> _unwrap;
    private readonly ObjectFactory? _factory;

    public FunctionInvoker(LocalFunctionDefinition definition)
    {
        _definition = definition;
        _binder = ParameterBinder.For(definition.Method);
        _unwrap = CreateUnwrapper(definition.Method.ReturnType);
        _factory = definition.Method.IsStatic ? null : ActivatorUtilities.CreateFactory(definition.Method.DeclaringType!, Type.EmptyTypes);
    }

    public async Task InvokeAsync(LocalFunctionContext context)
    {
        var arguments = await _binder.BindAsync(context);
        var instance = _factory?.Invoke(context.InstanceServices, null);
        try
        {
            var returned = _definition.Method.Invoke(instance, BindingFlags.DoNotWrapExceptions, binder: null, arguments, culture: null);
            context.Result.Value = returned is null ? null : await _unwrap(returned);
        }
        finally
        {
            switch (instance)
            {
                case IAsyncDisposable asyncDisposable:
                    await asyncDisposable.DisposeAsync();
                    break;
                case IDisposable disposable:
                    disposable.Dispose();
                    break;
            }
        }
    }

    private static Func<object, Task<object?>> CreateUnwrapper(Type returnType)
    {
        if (returnType == typeof(Task))
        {
            return async returned =>
            {
                await (Task)returned;
                return null;
            };
        }

        if (returnType == typeof(ValueTask))
        {
            return async returned =>
            {
                await (ValueTask)returned;
                return null;
            };
        }

        if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(Task<>))
        {
            return AwaitTaskMethod.MakeGenericMethod(returnType.GetGenericArguments()[0]).CreateDelegate<Func<object, Task<object?>>>();
        }

        if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(ValueTask<>))
        {
            return AwaitValueTaskMethod.MakeGenericMethod(returnType.GetGenericArguments()[0]).CreateDelegate<Func<object, Task<object?>>>();
        }

        return Task.FromResult<object?>;
    }

    private static async Task<object?> AwaitTask<T>(object returned) => await (Task<T>)returned;

    private static async Task<object?> AwaitValueTask<T>(object returned) => await (ValueTask<T>)returned;
}
