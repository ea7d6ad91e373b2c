using System.Text.RegularExpressions;
using McpOrchestrator.Infra.Tests.Support;

namespace McpOrchestrator.Infra.Tests;

/// <summary>
/// Every role the app's identity needs is assigned to it, on the resource it needs it on. The needs are derived from
/// what the template configures (identity-based storage, the deployment container, Entra telemetry, Key Vault
/// references), so a new dependency brings its role check with it. Role ids: Microsoft's "Azure built-in roles".
/// </summary>
public sealed partial class RoleAssignmentTests(SnapshotFixture fixture) : IClassFixture<SnapshotFixture>
{
    public const string StorageBlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    public const string StorageQueueDataContributor = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";
    public const string StorageTableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
    public const string MonitoringMetricsPublisher = "3913510d-42f4-4e42-8a64-420c390055eb";
    public const string KeyVaultSecretsUser = "4633458b-17de-408a-b874-0445c86b69e6";

    private DeploymentSnapshot Snapshot => fixture.Snapshot;

    private string IdentityId => SnapshotJson.Id(Snapshot.The("Microsoft.ManagedIdentity/userAssignedIdentities"));

    [Fact]
    public void Needs_CoverStorageDeploymentTelemetryAndKeyVault()
    {
        var needs = Needs().Select(n => n.Role).Distinct().Order().ToList();

        Assert.Equal(
            new[] { StorageBlobDataOwner, StorageQueueDataContributor, StorageTableDataContributor, MonitoringMetricsPublisher, KeyVaultSecretsUser }.Order(),
            needs);
    }

    [Fact]
    public void Identity_HasEveryRoleItNeeds_OnTheRightScope()
    {
        var assignments = Snapshot.OfType("Microsoft.Authorization/roleAssignments").ToList();
        var missing = new List<string>();
        foreach (var need in Needs())
        {
            var found = assignments.Any(a =>
                SnapshotJson.Id(a).StartsWith(need.Scope + "/providers/Microsoft.Authorization/roleAssignments/", StringComparison.OrdinalIgnoreCase)
                && (SnapshotJson.Text(a["properties"]!["roleDefinitionId"]) ?? string.Empty).EndsWith("/roleDefinitions/" + need.Role, StringComparison.OrdinalIgnoreCase)
                && SnapshotJson.Text(a["properties"]!["principalId"]) == $"[reference('{IdentityId}', '2024-11-30').principalId]"
                && SnapshotJson.Text(a["properties"]!["principalType"]) == "ServicePrincipal"
                && a["condition"] is null);
            if (!found)
            {
                missing.Add($"{need.Role} on {need.Scope} ({need.Why})");
            }
        }

        Assert.True(missing.Count == 0, $"Roles the app's identity needs and does not get:\n{string.Join("\n", missing)}");
    }

    [Fact]
    public void Identity_IsTheOneEverySettingAndTheSiteUse()
    {
        var site = Snapshot.The("Microsoft.Web/sites");
        var clientId = $"[reference('{IdentityId}', '2024-11-30').clientId]";
        var settings = Snapshot.AppSettings;

        Assert.Equal(clientId, settings["AzureWebJobsStorage__clientId"]);
        Assert.Equal($"[format('ClientId={{0}};Authorization=AAD', {clientId[1..^1]})]", settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]);
        Assert.Equal(IdentityId, SnapshotJson.Text(site["properties"]!["functionAppConfig"]!["deployment"]!["storage"]!["authentication"]!["userAssignedIdentityResourceId"]));
        Assert.Single(Snapshot.OfType("Microsoft.ManagedIdentity/userAssignedIdentities"));
    }

    private List<Need> Needs()
    {
        var settings = Snapshot.AppSettings;
        var resourceGroup = $"/subscriptions/{DeploymentSnapshot.SubscriptionId}/resourceGroups/{DeploymentSnapshot.ResourceGroup}/providers";
        var needs = new List<Need>();

        if (string.Equals(settings.GetValueOrDefault("AzureWebJobsStorage__credential"), "managedidentity", StringComparison.OrdinalIgnoreCase)
            && settings.GetValueOrDefault("AzureWebJobsStorage__accountName") is { } account)
        {
            var scope = $"{resourceGroup}/Microsoft.Storage/storageAccounts/{account}";
            needs.Add(new(StorageBlobDataOwner, scope, "Functions host and Durable blobs (AzureWebJobsStorage)"));
            needs.Add(new(StorageQueueDataContributor, scope, "Durable's control and work-item queues"));
            needs.Add(new(StorageTableDataContributor, scope, "Durable's history and Core's tables"));
        }

        var deployment = Snapshot.The("Microsoft.Web/sites")["properties"]!["functionAppConfig"]!["deployment"]!["storage"]!;
        if (SnapshotJson.Text(deployment["authentication"]!["type"]) == "UserAssignedIdentity")
        {
            var container = SnapshotJson.Text(deployment["value"])!;
            var accountId = StorageAccountId().Match(container);
            Assert.True(accountId.Success, $"Cannot tell which storage account the deployment container is in: {container}");
            needs.Add(new(StorageBlobDataOwner, accountId.Value, "Flex Consumption reads the app package from the deployment container"));
        }

        if (settings.GetValueOrDefault("APPLICATIONINSIGHTS_AUTHENTICATION_STRING") is { } auth && auth.Contains("Authorization=AAD", StringComparison.Ordinal))
        {
            var component = ComponentId().Match(settings["APPLICATIONINSIGHTS_CONNECTION_STRING"]);
            Assert.True(component.Success, "APPLICATIONINSIGHTS_CONNECTION_STRING does not come from the template's Application Insights component.");
            needs.Add(new(MonitoringMetricsPublisher, component.Value, "Entra-authenticated telemetry (local auth is off)"));
        }

        foreach (var vault in settings.Values.Select(v => KeyVaultName().Match(v)).Where(m => m.Success).Select(m => m.Groups[1].Value).Distinct())
        {
            needs.Add(new(KeyVaultSecretsUser, $"{resourceGroup}/Microsoft.KeyVault/vaults/{vault}", "Key Vault references"));
        }

        return needs;
    }

    private sealed record Need(string Role, string Scope, string Why);

    [GeneratedRegex(@"/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\.Storage/storageAccounts/[a-z0-9]+", RegexOptions.IgnoreCase)]
    private static partial Regex StorageAccountId();

    [GeneratedRegex(@"/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\.Insights/components/[A-Za-z0-9-]+", RegexOptions.IgnoreCase)]
    private static partial Regex ComponentId();

    [GeneratedRegex(@"^@Microsoft\.KeyVault\(VaultName=([A-Za-z0-9-]+);")]
    private static partial Regex KeyVaultName();
}
