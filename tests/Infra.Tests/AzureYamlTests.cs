using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using McpOrchestrator.Infra.Tests.Support;
using McpOrchestrator.TestSupport;
using YamlDotNet.RepresentationModel;

namespace McpOrchestrator.Infra.Tests;

/// <summary>azure.yaml (azd's project file, schema v1.0) provisions infra/ and deploys src/Functions as a function
/// app. azd itself is not on these machines, so this checks the file against the schema's rules that matter here.</summary>
public sealed partial class AzureYamlTests
{
    public const string ServiceName = "api";

    private static YamlMappingNode Root()
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(InfraPaths.AzureYaml);
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static string? Scalar(YamlNode node, params string[] path)
    {
        foreach (var key in path)
        {
            if (node is not YamlMappingNode map || !map.Children.TryGetValue(new YamlScalarNode(key), out var child))
            {
                return null;
            }

            node = child;
        }

        return (node as YamlScalarNode)?.Value;
    }

    [Fact]
    public void Name_FollowsTheSchema()
    {
        Assert.Matches(AppName(), Scalar(Root(), "name") ?? string.Empty);
    }

    [Fact]
    public void Infra_IsTheBicepInInfra()
    {
        var root = Root();

        Assert.Equal("bicep", Scalar(root, "infra", "provider"));
        Assert.Equal(InfraPaths.MainTemplate, Path.Combine(RepositoryPaths.Root, Scalar(root, "infra", "path")!, Scalar(root, "infra", "module")! + ".bicep"));
        Assert.True(File.Exists(InfraPaths.ParametersFile));
    }

    [Fact]
    public void Service_DeploysSrcFunctionsAsAFunctionApp()
    {
        var root = Root();
        var project = Scalar(root, "services", ServiceName, "project")!;

        Assert.Equal("function", Scalar(root, "services", ServiceName, "host"));
        Assert.Equal("dotnet", Scalar(root, "services", ServiceName, "language"));
        Assert.Equal(Path.Combine(RepositoryPaths.Root, "src", "Functions"), Path.GetFullPath(Path.Combine(RepositoryPaths.Root, project)));
        Assert.True(File.Exists(Path.Combine(RepositoryPaths.Root, "src", "Functions", "McpOrchestrator.Functions.csproj")));
    }

    [Fact]
    public void PreprovisionHook_SetsEveryVariableTheParametersFileNeedsThatAzdDoesNot()
    {
        var root = Root();
        var posix = Scalar(root, "hooks", "preprovision", "posix", "run") ?? string.Empty;
        var windows = Scalar(root, "hooks", "preprovision", "windows", "run") ?? string.Empty;
        var parameters = File.ReadAllText(InfraPaths.ParametersFile);
        // azd itself provides these; the rest must come from the hook.
        string[] fromAzd = ["AZURE_ENV_NAME", "AZURE_LOCATION", "AZURE_PRINCIPAL_ID", "AZURE_SUBSCRIPTION_ID", "AZURE_RESOURCE_GROUP"];
        var needed = Placeholder().Matches(parameters).Select(m => m.Groups[1].Value).Distinct().Except(fromAzd).ToList();

        Assert.Equal(["MCPO_API_KEY", "MCPO_KEY_ENCRYPTION_KEY"], needed.Order());
        Assert.All(needed, variable => Assert.Contains($"azd env set {variable}", posix, StringComparison.Ordinal));
        Assert.All(needed, variable => Assert.Contains($"azd env set {variable}", windows, StringComparison.Ordinal));
        Assert.Equal("sh", Scalar(root, "hooks", "preprovision", "posix", "shell"));
        Assert.Equal("pwsh", Scalar(root, "hooks", "preprovision", "windows", "shell"));
        Assert.Contains("rand -base64 32", posix, StringComparison.Ordinal);
        Assert.NotNull(JsonNode.Parse(parameters));
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex AppName();

    [GeneratedRegex(@"\$\{([A-Z_][A-Z0-9_]*)\}")]
    private static partial Regex Placeholder();
}
