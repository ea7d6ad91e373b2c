using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using McpOrchestrator.Infra.Tests.Support;

namespace McpOrchestrator.Infra.Tests;

/// <summary>The template against the settings the app reads at start (<see cref="AppSettingsCatalog"/>) and the
/// "Optional settings" table of infra/README.md.</summary>
public sealed partial class AppSettingsTests(SnapshotFixture fixture) : IClassFixture<SnapshotFixture>
{
    private IReadOnlyDictionary<string, string> Settings => fixture.Snapshot.AppSettings;

    [Fact]
    public void OptionsClasses_EachIsBoundOrExplained()
    {
        var types = AppSettingsCatalog.OptionsTypes.ToList();
        var unexplained = types
            .Where(t => !AppSettingsCatalog.NotConfiguration.ContainsKey(t.FullName!))
            .Where(t => !AppSettingsCatalog.Reflected.Any(s => s.Property!.DeclaringType == t))
            .Select(t => t.FullName)
            .ToList();

        Assert.True(unexplained.Count == 0,
            $"Core options classes with no McpOrchestrator:… SectionName or …Setting constant: {string.Join(", ", unexplained)}. Give them one, or list them in AppSettingsCatalog.NotConfiguration with the reason.");
        Assert.Contains(AppSettingsCatalog.Reflected, s => s.Name == "McpOrchestrator__Mcp__CallTimeout");
    }

    [Fact]
    public void Catalog_ReflectionAndRecordedReads_Agree()
    {
        var reflected = AppSettingsCatalog.Reflected.Select(s => s.ConfigurationKey).ToList();
        var recorded = AppSettingsCatalog.Recorded.Where(k => k.StartsWith(AppSettingsCatalog.ProductPrefix, StringComparison.OrdinalIgnoreCase)).ToList();

        var notRead = reflected.Where(k => !recorded.Any(r => AppSettingsCatalog.Same(r, k))).ToList();
        var notReflected = recorded.Where(k => !reflected.Any(r => AppSettingsCatalog.Same(r, k))).ToList();

        Assert.True(notRead.Count == 0, $"Options constants and properties the app's registration never reads: {string.Join(", ", notRead)}.");
        Assert.True(notReflected.Count == 0, $"Settings the app reads that no options class declares: {string.Join(", ", notReflected)}.");
        Assert.Contains(AppSettingsCatalog.Recorded, k => AppSettingsCatalog.Same(k, "AzureWebJobsStorage:accountName"));
    }

    [Fact]
    public void Template_EverySettingTheAppReads_IsSetOrListedAsOptional()
    {
        var optional = OptionalSettingsTable.Read();
        var missing = AppSettingsCatalog.All
            .Where(s => !Settings.ContainsKey(s.Name) && !optional.Keys.Any(row => OptionalSettingsTable.Covers(row, s.Name)))
            .Select(s => s.ToString())
            .ToList();

        Assert.True(missing.Count == 0,
            $"Settings the app reads at start that the template does not set and infra/README.md '{OptionalSettingsTable.Heading}' does not list: {string.Join(", ", missing)}.");
    }

    [Fact]
    public void OptionalSettings_EachIsReadByTheApp_WithTheCodesDefault()
    {
        var problems = new List<string>();
        foreach (var (name, text) in OptionalSettingsTable.Read())
        {
            var setting = AppSettingsCatalog.All.FirstOrDefault(s => OptionalSettingsTable.Covers(name, s.Name));
            if (setting is null)
            {
                problems.Add($"{name} is listed but the app does not read it");
                continue;
            }

            if (setting.Property is null || name.EndsWith("__*", StringComparison.Ordinal))
            {
                continue;
            }

            object? documented;
            try
            {
                documented = AppSettingsCatalog.Parse(setting, text);
            }
            catch (FormatException)
            {
                problems.Add($"{name}: default '{text}' is not a {setting.Property.PropertyType.Name}");
                continue;
            }

            if (!Equals(documented, setting.CodeDefault))
            {
                problems.Add($"{name}: README says '{text}', {setting.Property.DeclaringType!.Name}.{setting.Property.Name} defaults to '{setting.CodeDefault}'");
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.NotEmpty(OptionalSettingsTable.Read());
    }

    [Fact]
    public void Template_ProductSettings_AreOnesTheAppReads()
    {
        var unknown = Settings.Keys
            .Where(n => n.StartsWith("McpOrchestrator__", StringComparison.OrdinalIgnoreCase))
            .Where(n => !n.StartsWith("McpOrchestrator__Secrets__", StringComparison.OrdinalIgnoreCase))
            .Where(n => !AppSettingsCatalog.All.Any(s => AppSettingsCatalog.Same(s.Name, n)))
            .ToList();

        Assert.True(unknown.Count == 0, $"The template sets settings the app never reads (typo?): {string.Join(", ", unknown)}.");
    }

    [Fact]
    public void Template_Storage_IsIdentityBasedWithTheAppsIdentity()
    {
        var account = fixture.Snapshot.The("Microsoft.Storage/storageAccounts");
        var identity = SnapshotJson.Id(fixture.Snapshot.The("Microsoft.ManagedIdentity/userAssignedIdentities"));

        Assert.Equal(SnapshotJson.Text(account["name"]), Settings.GetValueOrDefault("AzureWebJobsStorage__accountName"));
        Assert.Equal("managedidentity", Settings.GetValueOrDefault("AzureWebJobsStorage__credential"));
        Assert.Equal($"[reference('{identity}', '2024-11-30').clientId]", Settings.GetValueOrDefault("AzureWebJobsStorage__clientId"));
        Assert.DoesNotContain(Settings.Keys, n => n.Equals("AzureWebJobsStorage", StringComparison.OrdinalIgnoreCase)
            || n.StartsWith("ConnectionStrings__", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(Settings.Values, v => v.Contains("AccountKey=", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("FUNCTIONS_WORKER_RUNTIME")]
    [InlineData("FUNCTIONS_EXTENSION_VERSION")]
    [InlineData("WEBSITE_RUN_FROM_PACKAGE")]
    [InlineData("WEBSITE_CONTENTSHARE")]
    [InlineData("WEBSITE_CONTENTAZUREFILECONNECTIONSTRING")]
    [InlineData("WEBSITE_NODE_DEFAULT_VERSION")]
    public void Template_FlexConsumption_LeavesOutSettingsFlexRejects(string name)
    {
        // Flex Consumption takes the runtime from functionAppConfig and deploys from its own container.
        Assert.False(Settings.ContainsKey(name), $"Flex Consumption apps must not set {name}.");
    }

    [Fact]
    public void Template_TaskHub_IsAValidHubNameOfTheEnvironment()
    {
        var (setting, value) = TaskHub(fixture.Snapshot);

        Assert.Matches(HubName(), value);
        Assert.Contains(DeploymentSnapshot.Environment["AZURE_ENV_NAME"], value, StringComparison.Ordinal);
        Assert.NotEmpty(setting);
    }

    [Fact]
    public async Task Template_OtherEnvironment_GetsItsOwnTaskHubAndTheGivenSettings()
    {
        var other = await DeploymentSnapshot.CreateAsync(new Dictionary<string, JsonNode?>
        {
            ["environmentName"] = "prod-eu",
            ["corsAllowedOrigins"] = new JsonArray("https://portal.example.com"),
            ["appSettings"] = new JsonObject
            {
                ["McpOrchestrator__Mcp__CallTimeout"] = "00:01:00",
                ["McpOrchestrator__ApiKey"] = "an attempt to override the Key Vault reference",
            },
            ["mcpSecretNames"] = new JsonArray("GITHUB_TOKEN"),
        });
        var settings = other.AppSettings;
        var site = other.The("Microsoft.Web/sites");
        var vault = SnapshotJson.Text(other.The("Microsoft.KeyVault/vaults")["name"]);

        Assert.Equal("mcpoprodeu", TaskHub(other).Value);
        Assert.NotEqual(TaskHub(fixture.Snapshot).Value, TaskHub(other).Value);
        Assert.Equal("00:01:00", settings["McpOrchestrator__Mcp__CallTimeout"]);
        Assert.StartsWith("@Microsoft.KeyVault(", settings["McpOrchestrator__ApiKey"], StringComparison.Ordinal);
        Assert.Equal($"@Microsoft.KeyVault(VaultName={vault};SecretName=mcp-secret-GITHUB-TOKEN)", settings["McpOrchestrator__Secrets__GITHUB_TOKEN"]);
        Assert.Equal("https://portal.example.com", SnapshotJson.Text(site["properties"]!["siteConfig"]!["cors"]!["allowedOrigins"]![0]));
        Assert.Equal("false", SnapshotJson.Text(site["properties"]!["siteConfig"]!["cors"]!["supportCredentials"]));
    }

    // The hub name is host.json's extensions.durableTask.hubName when that names an app setting (%NAME%), else the
    // host.json override AzureFunctionsJobHost__extensions__durableTask__hubName; either way the template sets it.
    private static (string Setting, string Value) TaskHub(DeploymentSnapshot snapshot)
    {
        var host = JsonNode.Parse(File.ReadAllText(InfraPaths.HostJson))!;
        var configured = SnapshotJson.Text(host["extensions"]?["durableTask"]?["hubName"]);
        var setting = configured is { Length: > 2 } && configured[0] == '%' && configured[^1] == '%'
            ? configured[1..^1]
            : "AzureFunctionsJobHost__extensions__durableTask__hubName";
        Assert.True(configured is null || setting != "AzureFunctionsJobHost__extensions__durableTask__hubName",
            $"host.json fixes the task hub name to '{configured}' for every environment; make it %SettingName% or remove it.");
        Assert.True(snapshot.AppSettings.TryGetValue(setting, out var value), $"The template does not set the task hub setting {setting}.");
        return (setting, value!);
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,44}$")]
    private static partial Regex HubName();
}
