using McpOrchestrator.TestSupport;

namespace McpOrchestrator.Infra.Tests.Support;

/// <summary>The files under test: infra/ and the root azure.yaml.</summary>
public static class InfraPaths
{
    public static string InfraDirectory => Path.Combine(RepositoryPaths.Root, "infra");

    public static string MainTemplate => Path.Combine(InfraDirectory, "main.bicep");

    public static string ParametersFile => Path.Combine(InfraDirectory, "main.parameters.json");

    public static string Readme => Path.Combine(InfraDirectory, "README.md");

    public static string AzureYaml => Path.Combine(RepositoryPaths.Root, "azure.yaml");

    public static string HostJson => Path.Combine(RepositoryPaths.Root, "host.json");
}
