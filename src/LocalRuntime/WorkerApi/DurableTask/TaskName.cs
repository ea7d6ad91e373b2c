namespace Microsoft.DurableTask;

/// <summary>The name of an orchestrator or activity. Compared case-insensitively; converts to and from
/// <see cref="string"/>, so <c>CallActivityAsync(nameof(MyActivity))</c> works.</summary>
public readonly struct TaskName : IEquatable<TaskName>
{
    /// <param name="name">The name; <c>null</c> yields the default value.</param>
    public TaskName(string name)
    {
        Name = name;
#pragma warning disable CS0618 // The real struct keeps Version at "" until versioning is supported.
        Version = name is null ? null! : string.Empty;
#pragma warning restore CS0618
    }

    public string Name { get; }

    [Obsolete("Task versions are not yet supported; the value is always empty.")]
    public string Version { get; }

    public static implicit operator string(TaskName value) => value.Name;

    public static implicit operator TaskName(string value) => string.IsNullOrEmpty(value) ? default : new TaskName(value);

    public static bool operator ==(TaskName a, TaskName b) => a.Equals(b);

    public static bool operator !=(TaskName a, TaskName b) => !a.Equals(b);

    public bool Equals(TaskName other) => string.Equals(Name, other.Name, StringComparison.OrdinalIgnoreCase);

    public override bool Equals(object? obj) => obj is TaskName other && Equals(other);

    public override int GetHashCode() => Name is null ? 0 : StringComparer.OrdinalIgnoreCase.GetHashCode(Name);

    public override string ToString() => Name;
}
