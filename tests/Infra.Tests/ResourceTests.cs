using System.Text.Json.Nodes;
using System.Xml.Linq;
using McpOrchestrator.Infra.Tests.Support;
using McpOrchestrator.TestSupport;

namespace McpOrchestrator.Infra.Tests;

/// <summary>The resources are configured as issue 14 and Azure's Flex Consumption guidance say.</summary>
public sealed class ResourceTests(SnapshotFixture fixture) : IClassFixture<SnapshotFixture>
{
    private DeploymentSnapshot Snapshot => fixture.Snapshot;

    private JsonNode SiteProperties => Snapshot.The("Microsoft.Web/sites")["properties"]!;

    [Fact]
    public void Plan_IsFlexConsumptionOnLinux_AndHostsTheApp()
    {
        var plan = Snapshot.The("Microsoft.Web/serverfarms");

        Assert.Equal("FC1", SnapshotJson.Text(plan["sku"]!["name"]));
        Assert.Equal("FlexConsumption", SnapshotJson.Text(plan["sku"]!["tier"]));
        Assert.Equal("true", SnapshotJson.Text(plan["properties"]!["reserved"]));
        Assert.Equal(SnapshotJson.Id(plan), SnapshotJson.Text(SiteProperties["serverFarmId"]));
        Assert.Equal("functionapp,linux", SnapshotJson.Text(Snapshot.The("Microsoft.Web/sites")["kind"]));
    }

    [Fact]
    public void Runtime_IsDotnetIsolated_OfTheAppsTargetFramework()
    {
        var runtime = SiteProperties["functionAppConfig"]!["runtime"]!;
        var targetFramework = XDocument.Load(Path.Combine(RepositoryPaths.Root, "Directory.Build.props"))
            .Descendants("TargetFramework").Single().Value;

        Assert.Equal("dotnet-isolated", SnapshotJson.Text(runtime["name"]));
        Assert.Equal("net10.0", targetFramework);
        Assert.Equal(targetFramework["net".Length..], SnapshotJson.Text(runtime["version"]));
    }

    [Fact]
    public void Scale_ComesFromTheParameters()
    {
        var parameters = JsonNode.Parse(File.ReadAllText(InfraPaths.ParametersFile))!["parameters"]!;
        var scale = SiteProperties["functionAppConfig"]!["scaleAndConcurrency"]!;
        var memory = fixture.Template["parameters"]!["instanceMemoryMB"]!["allowedValues"]!.AsArray().Select(v => (int)v!);

        Assert.Equal(SnapshotJson.Text(parameters["instanceMemoryMB"]!["value"]), SnapshotJson.Text(scale["instanceMemoryMB"]));
        Assert.Equal(SnapshotJson.Text(parameters["maximumInstanceCount"]!["value"]), SnapshotJson.Text(scale["maximumInstanceCount"]));
        Assert.Equal([512, 2048, 4096], memory);
    }

    [Fact]
    public void Storage_RefusesSharedKeysAndPublicBlobs()
    {
        var properties = Snapshot.The("Microsoft.Storage/storageAccounts")["properties"]!;

        Assert.Equal("false", SnapshotJson.Text(properties["allowSharedKeyAccess"]));
        Assert.Equal("false", SnapshotJson.Text(properties["allowBlobPublicAccess"]));
        Assert.Equal("TLS1_2", SnapshotJson.Text(properties["minimumTlsVersion"]));
        Assert.Equal("true", SnapshotJson.Text(properties["supportsHttpsTrafficOnly"]));
    }

    [Fact]
    public void Deployment_ComesFromAPrivateContainerOfTheAppsAccount()
    {
        var account = Snapshot.The("Microsoft.Storage/storageAccounts");
        var container = Snapshot.The("Microsoft.Storage/storageAccounts/blobServices/containers");
        var storage = SiteProperties["functionAppConfig"]!["deployment"]!["storage"]!;
        var containerName = SnapshotJson.Text(container["name"])!.Split('/')[^1];

        Assert.StartsWith(SnapshotJson.Id(account) + "/", SnapshotJson.Id(container), StringComparison.Ordinal);
        Assert.Equal("None", SnapshotJson.Text(container["properties"]!["publicAccess"]));
        Assert.Equal("blobContainer", SnapshotJson.Text(storage["type"]));
        Assert.Contains(SnapshotJson.Id(account), SnapshotJson.Text(storage["value"]), StringComparison.Ordinal);
        Assert.EndsWith($"{containerName}')]", SnapshotJson.Text(storage["value"]), StringComparison.Ordinal);
    }

    [Fact]
    public void ApplicationInsights_OnLogAnalytics_AcceptsOnlyEntraTelemetry()
    {
        var component = Snapshot.The("Microsoft.Insights/components");
        var workspace = Snapshot.The("Microsoft.OperationalInsights/workspaces");
        var settings = Snapshot.AppSettings;

        Assert.Equal("true", SnapshotJson.Text(component["properties"]!["DisableLocalAuth"]));
        Assert.Equal(SnapshotJson.Id(workspace), SnapshotJson.Text(component["properties"]!["WorkspaceResourceId"]));
        Assert.Equal($"[reference('{SnapshotJson.Id(component)}', '2020-02-02').ConnectionString]", settings["APPLICATIONINSIGHTS_CONNECTION_STRING"]);
        Assert.Contains("Authorization=AAD", settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"], StringComparison.Ordinal);
    }

    [Fact]
    public void KeyVault_IsInRbacMode_WithoutAccessPolicies()
    {
        var properties = Snapshot.The("Microsoft.KeyVault/vaults")["properties"]!;

        Assert.Equal("true", SnapshotJson.Text(properties["enableRbacAuthorization"]));
        Assert.Null(properties["accessPolicies"]);
        Assert.Equal("true", SnapshotJson.Text(properties["enableSoftDelete"]));
    }

    [Fact]
    public void Site_IsHttpsOnly_WithBasicPublishingOff_AndNoCredentialedCors()
    {
        var policies = Snapshot.OfType("Microsoft.Web/sites/basicPublishingCredentialsPolicies")
            .ToDictionary(p => SnapshotJson.Text(p["name"])!.Split('/')[^1], p => SnapshotJson.Text(p["properties"]!["allow"]));

        Assert.Equal("true", SnapshotJson.Text(SiteProperties["httpsOnly"]));
        Assert.Equal("1.2", SnapshotJson.Text(SiteProperties["siteConfig"]!["minTlsVersion"]));
        Assert.Equal("false", SnapshotJson.Text(SiteProperties["siteConfig"]!["cors"]!["supportCredentials"]));
        Assert.Equal("false", policies["ftp"]);
        Assert.Equal("false", policies["scm"]);
    }

    [Fact]
    public void Site_IsTaggedForTheAzdService()
    {
        var tags = Snapshot.The("Microsoft.Web/sites")["tags"]!;

        Assert.Equal(AzureYamlTests.ServiceName, SnapshotJson.Text(tags["azd-service-name"]));
        Assert.Equal(DeploymentSnapshot.Environment["AZURE_ENV_NAME"], SnapshotJson.Text(tags["azd-env-name"]));
    }
}
