using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using McpOrchestrator.LocalRuntime.Durable;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace McpOrchestrator.LocalRuntime.Invocation;

/// <summary>Turns an invocation into the argument list of a function method, as the isolated worker with ASP.NET Core
/// integration does: <see cref="HttpRequest"/>, <see cref="FunctionContext"/>, <see cref="CancellationToken"/>,
/// <see cref="TimerInfo"/>, <c>[FromBody]</c> JSON, and simple values by name from route values, then the query; and as
/// the Durable extension does: <c>[OrchestrationTrigger] TaskOrchestrationContext</c> (plus the orchestration's input
/// in the orchestrator's first other parameter), <c>[ActivityTrigger]</c> inputs and <c>[DurableClient] DurableTaskClient</c>.</summary>
internal sealed class ParameterBinder
{
    private static readonly JsonSerializerOptions BodyOptions = new(JsonSerializerDefaults.Web);

    private readonly Func<LocalFunctionContext, ValueTask<object?>>[] _binders;

    private ParameterBinder(Func<LocalFunctionContext, ValueTask<object?>>[] binders) => _binders = binders;

    /// <summary>Builds the binders once per function; a parameter the runtime cannot bind fails here, at start-up.</summary>
    public static ParameterBinder For(MethodInfo method)
    {
        var parameters = method.GetParameters();
        var orchestrationTrigger = parameters.FirstOrDefault(p => p.GetCustomAttribute<OrchestrationTriggerAttribute>() is not null);

        // The Durable extension gives an orchestrator's input to its first parameter that has no binding.
        var orchestrationInput = orchestrationTrigger is null
            ? null
            : parameters.FirstOrDefault(p => p != orchestrationTrigger && !IsContextual(p.ParameterType) && !HasBindingAttribute(p));
        return new([.. parameters.Select(p => p == orchestrationInput ? BindOrchestrationInput(p) : CreateBinder(method, p))]);
    }

    public async ValueTask<object?[]> BindAsync(LocalFunctionContext context)
    {
        var arguments = new object?[_binders.Length];
        for (var i = 0; i < _binders.Length; i++)
        {
            arguments[i] = await _binders[i](context);
        }

        return arguments;
    }

    private static Func<LocalFunctionContext, ValueTask<object?>> CreateBinder(MethodInfo method, ParameterInfo parameter)
    {
        var type = parameter.ParameterType;
        if (parameter.GetCustomAttribute<OrchestrationTriggerAttribute>() is not null)
        {
            if (type != typeof(TaskOrchestrationContext))
            {
                throw new InvalidOperationException(
                    $"Parameter '{parameter.Name}' of {method.DeclaringType?.FullName}.{method.Name} has [OrchestrationTrigger] but is a {type.Name}; it must be a TaskOrchestrationContext.");
            }

            return context => ValueTask.FromResult(context.TriggerValue);
        }

        if (parameter.GetCustomAttribute<ActivityTriggerAttribute>() is not null)
        {
            return context => ValueTask.FromResult(ReadActivityInput(context, parameter));
        }

        if (parameter.GetCustomAttribute<DurableClientAttribute>() is { } client)
        {
            if (type != typeof(DurableTaskClient))
            {
                throw new InvalidOperationException(
                    $"Parameter '{parameter.Name}' of {method.DeclaringType?.FullName}.{method.Name} has [DurableClient] but is a {type.Name}; it must be a DurableTaskClient.");
            }

            return context => ValueTask.FromResult<object?>(
                context.InstanceServices.GetRequiredService<DurableClientProvider>().GetClient(client.TaskHub, client.ConnectionName));
        }

        if (type == typeof(HttpRequest))
        {
            return context => ValueTask.FromResult<object?>(RequireHttp(context).Request);
        }

        if (type == typeof(FunctionContext))
        {
            return context => ValueTask.FromResult<object?>(context);
        }

        if (type == typeof(CancellationToken))
        {
            return context => ValueTask.FromResult<object?>(context.CancellationToken);
        }

        if (type == typeof(TimerInfo))
        {
            return context => ValueTask.FromResult(context.TriggerValue);
        }

        if (parameter.GetCustomAttribute<FromBodyAttribute>() is not null)
        {
            return context => ReadBodyAsync(context, parameter);
        }

        if (IsSimple(type))
        {
            return context => ValueTask.FromResult(BindByName(context, parameter));
        }

        throw new InvalidOperationException(
            $"Parameter '{parameter.Name}' ({type.Name}) of {method.DeclaringType?.FullName}.{method.Name} cannot be bound by the local runtime. " +
            "Bind HttpRequest, FunctionContext, CancellationToken, TimerInfo, a [FromBody] type, a simple route/query value, " +
            "[OrchestrationTrigger] TaskOrchestrationContext, an [ActivityTrigger] input or [DurableClient] DurableTaskClient.");
    }

    private static Func<LocalFunctionContext, ValueTask<object?>> BindOrchestrationInput(ParameterInfo parameter) =>
        context => ValueTask.FromResult(
            (context.TriggerValue as LocalOrchestrationContext
                ?? throw new InvalidOperationException($"Function '{context.Definition.Name}' asks for an orchestration input but was not triggered by an orchestration."))
            .GetInput(parameter.ParameterType));

    private static object? ReadActivityInput(LocalFunctionContext context, ParameterInfo parameter)
    {
        var input = context.TriggerValue as ActivityInput
            ?? throw new InvalidOperationException($"Function '{context.Definition.Name}' asks for an activity input but was not triggered by an activity.");
        try
        {
            return DurableJson.Read(input.SerializedInput, parameter.ParameterType);
        }
        catch (JsonException e)
        {
            throw new BindingException(parameter.Name!, $"The activity input is not valid JSON for '{parameter.Name}' ({parameter.ParameterType.Name}): {e.Message}");
        }
    }

    private static bool IsContextual(Type type) =>
        type == typeof(FunctionContext) || type == typeof(CancellationToken) || type == typeof(HttpRequest) || type == typeof(TimerInfo);

    private static bool HasBindingAttribute(ParameterInfo parameter) =>
        parameter.GetCustomAttributes().Any(a => a is Microsoft.Azure.Functions.Worker.Extensions.Abstractions.BindingAttribute or FromBodyAttribute);

    private static HttpContext RequireHttp(LocalFunctionContext context) =>
        context.GetHttpContext() ?? throw new InvalidOperationException($"Function '{context.Definition.Name}' asks for HTTP input but was not triggered by HTTP.");

    private static async ValueTask<object?> ReadBodyAsync(LocalFunctionContext context, ParameterInfo parameter)
    {
        var request = RequireHttp(context).Request;
        try
        {
            return await JsonSerializer.DeserializeAsync(request.Body, parameter.ParameterType, BodyOptions, context.CancellationToken);
        }
        catch (JsonException e)
        {
            throw new BindingException(parameter.Name!, $"The request body is not valid JSON for '{parameter.Name}': {e.Message}");
        }
    }

    private static object? BindByName(LocalFunctionContext context, ParameterInfo parameter)
    {
        var http = context.GetHttpContext();
        string? raw = null;
        if (http is not null)
        {
            if (http.Request.RouteValues.TryGetValue(parameter.Name!, out var routeValue))
            {
                raw = Convert.ToString(routeValue, CultureInfo.InvariantCulture);
            }
            else if (http.Request.Query.TryGetValue(parameter.Name!, out var queryValue))
            {
                raw = queryValue.ToString();
            }
        }

        var type = parameter.ParameterType;
        if (raw is null)
        {
            if (parameter.HasDefaultValue)
            {
                return parameter.DefaultValue;
            }

            // An absent value binds as the type's default (null, 0, false).
            return type.IsValueType && Nullable.GetUnderlyingType(type) is null ? Activator.CreateInstance(type) : null;
        }

        var target = Nullable.GetUnderlyingType(type) ?? type;
        if (target == typeof(string))
        {
            return raw;
        }

        try
        {
            return TypeDescriptor.GetConverter(target).ConvertFromInvariantString(raw);
        }
        catch (Exception e) when (e is FormatException or NotSupportedException or ArgumentException || e.InnerException is FormatException or OverflowException)
        {
            throw new BindingException(parameter.Name!, $"'{raw}' is not a valid {target.Name} for '{parameter.Name}'.");
        }
    }

    private static bool IsSimple(Type type)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        return target.IsPrimitive || target.IsEnum || target == typeof(string) || target == typeof(decimal)
            || target == typeof(Guid) || target == typeof(DateTime) || target == typeof(DateTimeOffset) || target == typeof(TimeSpan);
    }
}
