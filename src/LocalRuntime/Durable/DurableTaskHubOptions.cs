using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace McpOrchestrator.LocalRuntime.Durable;

/// <summary>The settings of host.json <c>extensions.durableTask</c> that the local engine honours: the task hub name,
/// the concurrency limits, the storage connection, the visibility timeouts (the leases of a crashed host's work) and
/// the maximum polling interval. Defaults are the Durable extension's.</summary>
internal sealed partial record DurableTaskHubOptions
{
    public const string DefaultHubName = "TestHubName";
    public const string DefaultConnectionName = "AzureWebJobsStorage";
    private const string Section = "host.json extensions.durableTask";

    /// <summary>The task hub: every instance, history row and work item of the engine is scoped to it.</summary>
    public required string HubName { get; init; }

    public required string ConnectionName { get; init; }

    public required int MaxConcurrentActivityFunctions { get; init; }

    public required int MaxConcurrentOrchestratorFunctions { get; init; }

    /// <summary>How long an orchestration claimed by a host stays its own without renewal (<c>storageProvider.controlQueueVisibilityTimeout</c>).</summary>
    public required TimeSpan OrchestrationLease { get; init; }

    /// <summary>How long an activity claimed by a host stays its own without renewal (<c>storageProvider.workItemQueueVisibilityTimeout</c>).</summary>
    public required TimeSpan ActivityLease { get; init; }

    /// <summary>The longest wait between two looks for work from other hosts (<c>storageProvider.maxQueuePollingInterval</c>).</summary>
    public required TimeSpan MaxPollingInterval { get; init; }

    /// <summary>Reads the section, with app settings <c>AzureFunctionsJobHost__extensions__durableTask__…</c> overriding
    /// its values (as the Functions host lets app settings override host.json) and <c>%Setting%</c> in <c>hubName</c>.</summary>
    public static DurableTaskHubOptions From(JsonElement? section, IConfiguration configuration)
    {
        var settings = new Settings(section, configuration);
        var defaultConcurrency = 10 * Environment.ProcessorCount;
        var type = settings.Read("storageProvider:type");
        if (type is not null && !string.Equals(type, "AzureStorage", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(
                $"{Section}.storageProvider.type is '{type}'; the local runtime keeps Durable state in Table Storage like the 'AzureStorage' provider. Remove the setting or set it to 'AzureStorage'.");
        }

        return new DurableTaskHubOptions
        {
            HubName = settings.Read("hubName") is { } hub ? ValidateHub(Resolve(hub, configuration)) : DefaultHub(configuration),
            ConnectionName = settings.Read("storageProvider:connectionName") ?? settings.Read("storageProvider:connectionStringName") ?? DefaultConnectionName,
            MaxConcurrentActivityFunctions = PositiveInt(settings, "maxConcurrentActivityFunctions") ?? defaultConcurrency,
            MaxConcurrentOrchestratorFunctions = PositiveInt(settings, "maxConcurrentOrchestratorFunctions") ?? defaultConcurrency,
            OrchestrationLease = PositiveTimeSpan(settings, "storageProvider:controlQueueVisibilityTimeout") ?? TimeSpan.FromMinutes(5),
            ActivityLease = PositiveTimeSpan(settings, "storageProvider:workItemQueueVisibilityTimeout") ?? TimeSpan.FromMinutes(5),
            MaxPollingInterval = PositiveTimeSpan(settings, "storageProvider:maxQueuePollingInterval") ?? TimeSpan.FromSeconds(30),
        };
    }

    // The extension derives the default from the site name in Azure and uses "TestHubName" elsewhere.
    private static string DefaultHub(IConfiguration configuration)
    {
        var site = configuration["WEBSITE_SITE_NAME"];
        if (string.IsNullOrWhiteSpace(site))
        {
            return DefaultHubName;
        }

        var name = new string([.. site.Where(char.IsAsciiLetterOrDigit)]);
        return HubPattern().IsMatch(name) ? name : DefaultHubName;
    }

    private static string Resolve(string value, IConfiguration configuration)
    {
        if (value.Length > 2 && value[0] == '%' && value[^1] == '%')
        {
            var setting = value[1..^1];
            return configuration[setting.Replace("__", ":", StringComparison.Ordinal)]
                ?? throw new InvalidOperationException($"{Section}.hubName takes its value from app setting '{setting}', which is not set.");
        }

        return value;
    }

    private static string ValidateHub(string hub) => HubPattern().IsMatch(hub)
        ? hub
        : throw new InvalidOperationException(
            $"{Section}.hubName '{hub}' is not a valid task hub name: use 3 to 45 letters and digits, starting with a letter.");

    private static int? PositiveInt(Settings settings, string path)
    {
        var text = settings.Read(path);
        if (text is null)
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0
            ? number
            : throw new InvalidOperationException($"{Section}.{path.Replace(':', '.')} must be a whole number of at least 1, got '{text}'.");
    }

    private static TimeSpan? PositiveTimeSpan(Settings settings, string path)
    {
        var text = settings.Read(path);
        if (text is null)
        {
            return null;
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var value) && value > TimeSpan.Zero
            ? value
            : throw new InvalidOperationException($"{Section}.{path.Replace(':', '.')} must be a positive time span like \"00:05:00\", got '{text}'.");
    }

    /// <summary>One setting by its path below <c>extensions.durableTask</c> (<c>:</c>-separated): the app setting
    /// override first, then host.json.</summary>
    private sealed class Settings(JsonElement? section, IConfiguration configuration)
    {
        private const string OverridePrefix = "AzureFunctionsJobHost:extensions:durableTask:";

        public string? Read(string path)
        {
            if (configuration[OverridePrefix + path] is { } overridden)
            {
                return overridden;
            }

            if (section is not { ValueKind: JsonValueKind.Object } element)
            {
                return null;
            }

            foreach (var name in path.Split(':'))
            {
                if (element.ValueKind != JsonValueKind.Object || !TryGetProperty(element, name, out element))
                {
                    return null;
                }
            }

            return element.ValueKind switch
            {
                JsonValueKind.String => element.GetString(),
                JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => element.GetRawText(),
                _ => null,
            };
        }

        // host.json keys are case-insensitive for the Functions host.
        private static bool TryGetProperty(JsonElement element, string name, out JsonElement value)
        {
            foreach (var property in element.EnumerateObject())
            {
                if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
                {
                    value = property.Value;
                    return true;
                }
            }

            value = default;
            return false;
        }
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,44}$")]
    private static partial Regex HubPattern();
}
