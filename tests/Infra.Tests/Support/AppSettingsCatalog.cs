using System.Globalization;
using System.Reflection;
using McpOrchestrator.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace McpOrchestrator.Infra.Tests.Support;

/// <summary>
/// The settings the app reads at start, found from the code in two independent ways that must agree:
/// <list type="number">
/// <item>reflection over Core's options classes: a <c>const string …SectionName</c> binds every settable property
/// under that section; a <c>const string …Setting</c> names one key, bound to the property named like the constant
/// without "Setting";</item>
/// <item>running the app's own registration (<c>AddMcpOrchestrator</c>) over a configuration that records every
/// lookup, then resolving each options type it configures and the Table service client (what the host builds at
/// start).</item>
/// </list>
/// A new options class, section or setting therefore shows up here without anyone editing the test.
/// </summary>
public static class AppSettingsCatalog
{
    public const string ProductPrefix = "McpOrchestrator:";

    /// <summary>Core types named *Options that are not bound from configuration, with the reason.</summary>
    public static readonly IReadOnlyDictionary<string, string> NotConfiguration = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["McpOrchestrator.Core.Validation.ValidationOptions"] = "the body of POST …/validate, not a setting",
        ["McpOrchestrator.Core.Storage.TableServiceClientOptions"] = "the Table client's pipeline options, set in code",
        ["McpOrchestrator.Core.Mcp.ConcurrencyLimiterOptions"] = "a Polly strategy's options, built from McpOptions",
    };

    private static readonly Lazy<IReadOnlyList<AppSetting>> LazyReflected = new(Reflect);
    private static readonly Lazy<IReadOnlyCollection<string>> LazyRecorded = new(Record);

    /// <summary>The configuration options classes of Core.</summary>
    public static IEnumerable<Type> OptionsTypes =>
        typeof(McpOrchestratorServiceCollectionExtensions).Assembly.GetTypes()
            .Where(t => t.IsClass && t.IsPublic && t.Name.EndsWith("Options", StringComparison.Ordinal));

    /// <summary>Settings found by reflection (way 1).</summary>
    public static IReadOnlyList<AppSetting> Reflected => LazyReflected.Value;

    /// <summary>Keys the registration looked up (way 2), sections excluded.</summary>
    public static IReadOnlyCollection<string> Recorded => LazyRecorded.Value;

    /// <summary>Every setting the app reads at start: the union of both ways (the tests check they agree).</summary>
    public static IReadOnlyList<AppSetting> All =>
        [.. Reflected, .. Recorded.Where(key => !Reflected.Any(s => Same(s.ConfigurationKey, key))).Select(key => new AppSetting(key, null))];

    public static bool Same(string a, string b) =>
        string.Equals(a.Replace("__", ":", StringComparison.Ordinal), b.Replace("__", ":", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);

    private static IReadOnlyList<AppSetting> Reflect()
    {
        var settings = new List<AppSetting>();
        foreach (var type in OptionsTypes.Where(t => !NotConfiguration.ContainsKey(t.FullName!)))
        {
            var constants = type.GetFields(BindingFlags.Public | BindingFlags.Static)
                .Where(f => f.IsLiteral && f.FieldType == typeof(string))
                .Select(f => (Field: f, Value: (string)f.GetRawConstantValue()!))
                .Where(c => c.Value.StartsWith(ProductPrefix, StringComparison.Ordinal))
                .ToList();
            foreach (var (field, value) in constants)
            {
                if (field.Name.EndsWith("SectionName", StringComparison.Ordinal))
                {
                    settings.AddRange(BindableProperties(type).Select(p => new AppSetting($"{value}:{p.Name}", p)));
                }
                else if (field.Name.EndsWith("Setting", StringComparison.Ordinal))
                {
                    var propertyName = field.Name[..^"Setting".Length];
                    var property = type.GetProperty(propertyName, BindingFlags.Public | BindingFlags.Instance)
                        ?? throw new InvalidOperationException($"{type.Name}.{field.Name} names '{value}', but {type.Name} has no property {propertyName}; name the constant after the property it binds.");
                    settings.Add(new AppSetting(value, property));
                }
            }
        }

        return settings;
    }

    private static IEnumerable<PropertyInfo> BindableProperties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite && p.SetMethod!.IsPublic);

    private static IReadOnlyCollection<string> Record()
    {
        // Every reflected key gets a value of its type, so the binder visits whole sections; storage gets the
        // identity-based shape the template sets.
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["AzureWebJobsStorage:accountName"] = "stmcpotest",
            ["AzureWebJobsStorage:credential"] = "managedidentity",
            ["AzureWebJobsStorage:clientId"] = "11111111-2222-3333-4444-555555555555",
        };
        foreach (var setting in Reflected)
        {
            values[setting.ConfigurationKey] = SampleValue(setting);
        }

        var source = new RecordingConfigurationSource(values);
        var configuration = new ConfigurationBuilder().Add(source).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddMcpOrchestrator(configuration);
        using (var provider = services.BuildServiceProvider())
        {
            var optionsTypes = services
                .Select(d => d.ServiceType)
                .Where(t => t.IsGenericType && t.GetGenericTypeDefinition() == typeof(IConfigureOptions<>))
                .Select(t => t.GetGenericArguments()[0])
                .Distinct();
            foreach (var optionsType in optionsTypes)
            {
                var accessor = provider.GetRequiredService(typeof(IOptions<>).MakeGenericType(optionsType));
                try
                {
                    _ = accessor.GetType().GetProperty(nameof(IOptions<object>.Value))!.GetValue(accessor);
                }
                catch (TargetInvocationException e) when (e.InnerException is OptionsValidationException)
                {
                    // The sample values need not be valid: the lookups happened before validation.
                }
            }

            // The storage client the host creates at start (Core's own type or Azure.Data.Tables').
            foreach (var clientType in services.Select(d => d.ServiceType).Where(t => t.Name == "TableServiceClient").Distinct())
            {
                _ = provider.GetRequiredService(clientType);
            }
        }

        // Binding a section looks up the section's own key too (McpOrchestrator:Mcp): that is no setting.
        return [.. source.Reads.Where(key => !Reflected.Any(s => s.ConfigurationKey.StartsWith(key + ":", StringComparison.OrdinalIgnoreCase)))];
    }

    private static string SampleValue(AppSetting setting)
    {
        var type = Nullable.GetUnderlyingType(setting.Property!.PropertyType) ?? setting.Property.PropertyType;
        return type switch
        {
            _ when type == typeof(string) => "sample",
            _ when type == typeof(bool) => "true",
            _ when type == typeof(int) || type == typeof(long) => "7",
            _ when type == typeof(double) => "0.25",
            _ when type == typeof(TimeSpan) => "00:00:03",
            _ when type.IsEnum => Enum.GetNames(type)[0],
            _ => throw new InvalidOperationException($"{setting}: no sample value for {type.Name}; teach {nameof(AppSettingsCatalog)} this type."),
        };
    }

    /// <summary>Parses <paramref name="text"/> as a value of the setting's property type, the way configuration
    /// binding would (invariant culture); <c>unset</c> is null for a nullable property.</summary>
    public static object? Parse(AppSetting setting, string text)
    {
        var nullable = Nullable.GetUnderlyingType(setting.Property!.PropertyType);
        if (nullable is not null && text == "unset")
        {
            return null;
        }

        var type = nullable ?? setting.Property.PropertyType;
        return type switch
        {
            _ when type == typeof(string) => text,
            _ when type == typeof(bool) => bool.Parse(text),
            _ when type == typeof(int) => int.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture),
            _ when type == typeof(long) => long.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture),
            _ when type == typeof(double) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
            _ when type == typeof(TimeSpan) => TimeSpan.Parse(text, CultureInfo.InvariantCulture),
            _ when type.IsEnum => Enum.Parse(type, text, ignoreCase: true),
            _ => throw new InvalidOperationException($"{setting}: cannot parse a {type.Name}."),
        };
    }
}
