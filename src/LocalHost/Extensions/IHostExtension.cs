namespace McpOrchestrator.LocalHost.Extensions;

/// <summary>A trigger or binding family the host serves beyond <c>httpTrigger</c> and <c>timerTrigger</c> (Durable's
/// <c>orchestrationTrigger</c>, <c>activityTrigger</c> and <c>durableClient</c>). The host starts every extension after
/// the worker has loaded its functions, asks it for the value of its non-trigger input bindings on each invocation,
/// and stops it before the worker is terminated.</summary>
public interface IHostExtension
{
    /// <summary>Binding types (as in <c>functions.metadata</c>) this extension owns.</summary>
    IReadOnlyCollection<string> BindingTypes { get; }

    /// <summary>Starts serving once the functions are loaded: <paramref name="worker"/> invokes them.</summary>
    Task StartAsync(IWorkerFunctions worker, CancellationToken cancellationToken);

    /// <summary>Stops serving; in-flight work is abandoned to be retried by whoever owns it.</summary>
    Task StopAsync(CancellationToken cancellationToken);

    /// <summary>The value of a non-trigger input binding of one of <see cref="BindingTypes"/> (for example the
    /// <c>durableClient</c> JSON), sent in the invocation's <c>input_data</c> under the binding's name.</summary>
    InvocationValue ProvideInput(FunctionBinding binding);
}
