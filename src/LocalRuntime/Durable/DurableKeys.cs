using System.Globalization;
using System.Text;

namespace McpOrchestrator.LocalRuntime.Durable;

/// <summary>The row keys of the engine's table. One partition per task hub holds everything, so that an orchestration
/// step — history, instance state, new activity work items and consumed messages — is one entity group transaction:
/// <list type="bullet">
/// <item><c>i|{id}|$</c> the instance (status, input, output, custom status, lease);</item>
/// <item><c>i|{id}|h{episode}{part}</c> history, one row per orchestration step;</item>
/// <item><c>i|{id}|mr{task}</c>, <c>i|{id}|me{ticks}{guid}</c>, <c>i|{id}|mt{ticks}{guid}</c> messages not yet applied
/// (activity results, external events, terminate requests);</item>
/// <item><c>o|{id}</c> the instance's wake-up row (due at <c>VisibleAt</c>), <c>a|{id}|{task}</c> activity work items.</item>
/// </list>
/// Instance ids are escaped (<c>%</c> → <c>%25</c>, <c>|</c> → <c>%7C</c>) so one instance's prefix never covers another's.</summary>
internal static class DurableKeys
{
    public const string TableName = "LocalDurableTasks";

    /// <summary>Longest instance id accepted (keys are limited to 512 characters).</summary>
    public const int MaxInstanceIdLength = 256;

    public static string Instance(string instanceId) => InstancePrefix(instanceId) + "$";

    public static string InstancePrefix(string instanceId) => "i|" + Encode(instanceId) + "|";

    public static string History(string instanceId, int episode, int part) =>
        string.Create(CultureInfo.InvariantCulture, $"{InstancePrefix(instanceId)}h{episode:D8}{part:D2}");

    public static string ActivityResult(string instanceId, int taskId) =>
        string.Create(CultureInfo.InvariantCulture, $"{InstancePrefix(instanceId)}mr{taskId:D8}");

    public static string ExternalEvent(string instanceId, DateTimeOffset arrived) =>
        string.Create(CultureInfo.InvariantCulture, $"{InstancePrefix(instanceId)}me{arrived.UtcTicks:D19}{Guid.NewGuid():N}");

    public static string Terminate(string instanceId, DateTimeOffset arrived) =>
        string.Create(CultureInfo.InvariantCulture, $"{InstancePrefix(instanceId)}mt{arrived.UtcTicks:D19}{Guid.NewGuid():N}");

    public static string Wake(string instanceId) => WakePrefix + Encode(instanceId);

    public static string Activity(string instanceId, int taskId) =>
        string.Create(CultureInfo.InvariantCulture, $"{ActivityPrefix}{Encode(instanceId)}|{taskId:D8}");

    public const string WakePrefix = "o|";

    public const string ActivityPrefix = "a|";

    /// <summary>The first key after every key that starts with <paramref name="prefix"/> (which ends with <c>|</c>).</summary>
    public static string PrefixEnd(string prefix) => prefix[..^1] + "}";

    /// <summary>Throws <see cref="ArgumentException"/> for an instance id that cannot be stored: empty, too long, or
    /// holding a character table keys forbid (<c>/ \ # ?</c> and control characters, as in Durable's Azure Storage provider).</summary>
    public static void ValidateInstanceId(string instanceId)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        if (instanceId.Length > MaxInstanceIdLength)
        {
            throw new ArgumentException($"Instance id '{instanceId[..32]}…' is {instanceId.Length} characters long; the limit is {MaxInstanceIdLength}.", nameof(instanceId));
        }

        foreach (var c in instanceId)
        {
            if (c is '/' or '\\' or '#' or '?' || char.IsControl(c))
            {
                throw new ArgumentException(
                    $"Instance id '{instanceId}' holds '{(char.IsControl(c) ? $"U+{(int)c:X4}" : c.ToString())}'; instance ids cannot contain / \\ # ? or control characters.",
                    nameof(instanceId));
            }
        }
    }

    private static string Encode(string instanceId)
    {
        if (instanceId.AsSpan().IndexOfAny('%', '|') < 0)
        {
            return instanceId;
        }

        var builder = new StringBuilder(instanceId.Length + 8);
        foreach (var c in instanceId)
        {
            builder.Append(c switch
            {
                '%' => "%25",
                '|' => "%7C",
                _ => c.ToString(),
            });
        }

        return builder.ToString();
    }
}
