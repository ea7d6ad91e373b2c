using System.Reflection;

namespace Microsoft.DurableTask;

/// <summary>Why a task or an orchestration failed, in a form that survives storage: the exception's type name,
/// message, stack trace and inner failure.</summary>
/// <param name="ErrorType">The namespace-qualified exception type name.</param>
/// <param name="ErrorMessage">The exception's message.</param>
/// <param name="StackTrace">The stack trace, if any.</param>
/// <param name="InnerFailure">The inner cause, if any.</param>
/// <param name="Properties">Additional properties of the exception.</param>
public record TaskFailureDetails(string ErrorType, string ErrorMessage, string? StackTrace, TaskFailureDetails? InnerFailure, IDictionary<string, object?>? Properties)
{
    public override string ToString() => $"{ErrorType}: {ErrorMessage}";

    /// <summary>Whether the failure was an exception of type <typeparamref name="T"/> or a type derived from it.</summary>
    public bool IsCausedBy<T>()
        where T : Exception => IsCausedBy(typeof(T));

    /// <inheritdoc cref="IsCausedBy{T}"/>
    public bool IsCausedBy(Type targetBaseExceptionType)
    {
        ArgumentNullException.ThrowIfNull(targetBaseExceptionType);
        if (!typeof(Exception).IsAssignableFrom(targetBaseExceptionType))
        {
            throw new ArgumentException($"The type {targetBaseExceptionType} is not an exception type.", nameof(targetBaseExceptionType));
        }

        if (string.IsNullOrEmpty(ErrorType))
        {
            return false;
        }

        var loaded = Type.GetType(ErrorType, throwOnError: false)
            ?? targetBaseExceptionType.Assembly.GetType(ErrorType, throwOnError: false);
        if (loaded is null)
        {
            var matches = AppDomain.CurrentDomain.GetAssemblies()
                .Select(a => a.GetType(ErrorType, throwOnError: false))
                .OfType<Type>()
                .ToList();
            if (matches.Count > 1)
            {
                throw new AmbiguousMatchException($"Multiple exception types with the name '{ErrorType}' were found.");
            }

            loaded = matches.SingleOrDefault();
        }

        return loaded is not null && targetBaseExceptionType.IsAssignableFrom(loaded);
    }

    /// <summary>The details of <paramref name="exception"/> and its inner exceptions.</summary>
    public static TaskFailureDetails FromException(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return new TaskFailureDetails(
            exception.GetType().ToString(),
            exception.Message,
            exception.StackTrace,
            exception.InnerException is { } inner ? FromException(inner) : null,
            null);
    }
}
