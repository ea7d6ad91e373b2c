using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using McpOrchestrator.LocalHost.Extensions;

namespace McpOrchestrator.LocalHost.Durable;

/// <summary>The task hub and engine settings of one app, read from <c>host.json</c> <c>extensions.durableTask</c> where
/// the real Durable extension reads them, with defaults tuned for one machine (fast queue polling, one partition,
/// short leases so a second host takes over quickly after a crash).</summary>
/// <remarks>The partition lease timings (<c>storageProvider.leaseInterval</c>, <c>leaseRenewInterval</c>,
/// <c>leaseAcquireInterval</c>) are this host's own: the real extension's <c>AzureStorageOptions</c> has no such
/// members and always runs DurableTask.AzureStorage's defaults (30 s, 10 s, 10 s). They carry the names of
/// <c>AzureStorageOrchestrationServiceSettings</c>, which they set; the real extension populates its options from
/// <c>storageProvider</c> ignoring names it does not know, so the same host.json still runs in Azure.</remarks>
internal sealed partial record DurableOptions
{
    /// <summary>The real extension's task hub when host.json names none and the app does not run in Azure.</summary>
    public const string DefaultHubName = "TestHubName";

    public required string HubName { get; init; }

    public required string ConnectionName { get; init; }

    public required string ConnectionString { get; init; }

    public int MaxConcurrentActivities { get; init; } = 10;

    public int MaxConcurrentOrchestrations { get; init; } = 10;

    public int PartitionCount { get; init; } = 1;

    public int ControlQueueBatchSize { get; init; } = 32;

    public TimeSpan MaxQueuePollingInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan ControlQueueVisibilityTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan WorkItemQueueVisibilityTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the partition manager looks for expired leases to take over, and (table partition
    /// management) renews the ones it holds (<c>storageProvider.leaseAcquireInterval</c>; the engine's default is 10 s).</summary>
    public TimeSpan LeaseAcquireInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The renew cadence of blob partition leases (when <see cref="UseTablePartitionManagement"/> is off), and
    /// the network timeout of every blob lease renewal (<c>storageProvider.leaseRenewInterval</c>; the engine's default
    /// is 10 s).</summary>
    public TimeSpan LeaseRenewInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a partition lease lasts without renewal, i.e. how long a crashed host's partition stays
    /// unowned before another host takes it (<c>storageProvider.leaseInterval</c>; the engine's default is 30 s). Must
    /// exceed the interval its owner renews it at.</summary>
    public TimeSpan LeaseInterval { get; init; } = TimeSpan.FromSeconds(15);

    public bool UseTablePartitionManagement { get; init; } = true;

    /// <summary>How many times one orchestrator step is tried when the worker fails it or answers garbage, before the
    /// instance is failed (a poison step never loops).</summary>
    public int MaxOrchestratorAttempts { get; init; } = 3;

    /// <summary>How many times one orchestrator step may be abandoned because no worker was available, before the
    /// instance is failed (below the engine's own limit of 10 deliveries, after which it drops the message).</summary>
    public int MaxOrchestratorAbandons { get; init; } = 5;

    /// <summary>Reads the options of the app in <paramref name="host"/>; throws with the setting and the fix when
    /// the task hub name or the storage connection is unusable.</summary>
    public static DurableOptions From(HostContext host)
    {
        var durable = host.HostJson["extensions"]?["durableTask"] as JsonObject;
        var storage = durable?["storageProvider"] as JsonObject;

        var hubName = Resolve(Text(durable, "hubName"), host.AppSettings)
            ?? (host.AppSettings.TryGetValue("WEBSITE_SITE_NAME", out var site) && !string.IsNullOrWhiteSpace(site)
                ? Sanitize(site)
                : DefaultHubName);
        if (!HubNamePattern().IsMatch(hubName))
        {
            throw new InvalidOperationException(
                $"host.json extensions.durableTask.hubName '{hubName}' is not a valid task hub name: use 3 to 45 letters and digits, starting with a letter.");
        }

        var connectionName = Text(storage, "connectionName") ?? Text(storage, "connectionStringName") ?? "AzureWebJobsStorage";
        if (!host.AppSettings.TryGetValue(connectionName, out var connectionString) || string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                $"The Durable task hub needs a storage connection string in the app setting '{connectionName}' (local.settings.json Values or the environment); set it to 'UseDevelopmentStorage=true' for Azurite.");
        }

        var options = new DurableOptions { HubName = hubName, ConnectionName = connectionName, ConnectionString = connectionString };
        return (options with
        {
            MaxConcurrentActivities = Int(durable, "maxConcurrentActivityFunctions") ?? options.MaxConcurrentActivities,
            MaxConcurrentOrchestrations = Int(durable, "maxConcurrentOrchestratorFunctions") ?? options.MaxConcurrentOrchestrations,
            PartitionCount = Int(storage, "partitionCount") ?? options.PartitionCount,
            ControlQueueBatchSize = Int(storage, "controlQueueBatchSize") ?? options.ControlQueueBatchSize,
            MaxQueuePollingInterval = Duration(storage, "maxQueuePollingInterval") ?? options.MaxQueuePollingInterval,
            ControlQueueVisibilityTimeout = Duration(storage, "controlQueueVisibilityTimeout") ?? options.ControlQueueVisibilityTimeout,
            WorkItemQueueVisibilityTimeout = Duration(storage, "workItemQueueVisibilityTimeout") ?? options.WorkItemQueueVisibilityTimeout,
            UseTablePartitionManagement = Bool(storage, "useTablePartitionManagement") ?? options.UseTablePartitionManagement,
            LeaseAcquireInterval = Duration(storage, "leaseAcquireInterval") ?? options.LeaseAcquireInterval,
            LeaseRenewInterval = Duration(storage, "leaseRenewInterval") ?? options.LeaseRenewInterval,
            LeaseInterval = Duration(storage, "leaseInterval") ?? options.LeaseInterval,
        }).Validated();
    }

    // The table partition manager renews its leases every acquire interval; the blob-based ones every renew interval.
    private DurableOptions Validated()
    {
        var (setting, renewal) = UseTablePartitionManagement ? ("leaseAcquireInterval", LeaseAcquireInterval) : ("leaseRenewInterval", LeaseRenewInterval);
        if (LeaseInterval <= renewal)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"host.json extensions.durableTask.storageProvider 'leaseInterval' ({LeaseInterval:c}) must be longer than '{setting}' ({renewal:c}), or the partition lease expires before it is renewed: raise leaseInterval or shorten {setting}."));
        }

        return this;
    }

    private static string? Text(JsonObject? section, string name) =>
        section?.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value is JsonValue value
        && value.TryGetValue<string>(out var text) && !string.IsNullOrWhiteSpace(text)
            ? text
            : null;

    private static int? Int(JsonObject? section, string name)
    {
        var node = section?.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
        if (node is not JsonValue value)
        {
            return null;
        }

        if (value.TryGetValue<int>(out var number))
        {
            return number;
        }

        return value.TryGetValue<string>(out var text) && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out number)
            ? number
            : throw new InvalidOperationException($"host.json extensions.durableTask '{name}' must be a whole number, not '{value}'.");
    }

    private static bool? Bool(JsonObject? section, string name)
    {
        var node = section?.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
        return node is JsonValue value && value.TryGetValue<bool>(out var flag) ? flag : null;
    }

    private static TimeSpan? Duration(JsonObject? section, string name)
    {
        var text = Text(section, name);
        if (text is null)
        {
            return null;
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) && span > TimeSpan.Zero
            ? span
            : throw new InvalidOperationException($"host.json extensions.durableTask.storageProvider '{name}' must be a positive time span such as \"00:00:30\", not '{text}'.");
    }

    // host.json values may name an app setting as %NAME%, as in the real extension.
    private static string? Resolve(string? value, IReadOnlyDictionary<string, string> settings)
    {
        if (value is { Length: > 2 } && value[0] == '%' && value[^1] == '%')
        {
            var name = value[1..^1];
            return settings.TryGetValue(name, out var resolved) && !string.IsNullOrWhiteSpace(resolved)
                ? resolved
                : throw new InvalidOperationException($"host.json extensions.durableTask.hubName names the app setting '{name}', which is not set.");
        }

        return value;
    }

    private static string Sanitize(string siteName)
    {
        var letters = new string([.. siteName.Where(char.IsAsciiLetterOrDigit)]);
        letters = letters.TrimStart("0123456789".ToCharArray());
        return letters.Length switch
        {
            < 3 => DefaultHubName,
            > 45 => letters[..45],
            _ => letters,
        };
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,44}$")]
    private static partial Regex HubNamePattern();
}
