using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using McpOrchestrator.Infra.Tests.Support;

namespace McpOrchestrator.Infra.Tests;

/// <summary>Secrets live only in Key Vault: the secret settings are Key Vault references, and no output, app
/// setting or parameter file holds a secret value.</summary>
public sealed partial class SecretsTests(SnapshotFixture fixture) : IClassFixture<SnapshotFixture>
{
    private const string VaultSecretType = "Microsoft.KeyVault/vaults/secrets";

    [Fact]
    public void SecretSettings_AreKeyVaultReferencesToTheAppsVault()
    {
        var settings = fixture.Snapshot.AppSettings;
        var vault = SnapshotJson.Text(fixture.Snapshot.The("Microsoft.KeyVault/vaults")["name"]);
        var storedSecrets = fixture.Snapshot.OfType(VaultSecretType).Select(s => SnapshotJson.Text(s["name"])!.Split('/')[^1]).ToList();
        var problems = new List<string>();

        foreach (var name in SecretNames.Required.Where(n => !settings.ContainsKey(n)))
        {
            problems.Add($"{name} is not set");
        }

        foreach (var (name, value) in settings.Where(s => SecretNames.IsSecret(s.Key)))
        {
            var reference = KeyVaultReference().Match(value);
            if (!reference.Success)
            {
                problems.Add($"{name} is not a Key Vault reference: {value}");
            }
            else if (reference.Groups["vault"].Value != vault)
            {
                problems.Add($"{name} references vault '{reference.Groups["vault"].Value}', not the template's '{vault}'");
            }
            else if (SecretNames.Required.Contains(name, StringComparer.OrdinalIgnoreCase) && !storedSecrets.Contains(reference.Groups["secret"].Value))
            {
                problems.Add($"{name} references secret '{reference.Groups["secret"].Value}', which the template does not store");
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void KeyVaultReferences_ResolveWithTheAppsUserAssignedIdentity()
    {
        var site = fixture.Snapshot.The("Microsoft.Web/sites");
        var identity = SnapshotJson.Id(fixture.Snapshot.The("Microsoft.ManagedIdentity/userAssignedIdentities"));

        Assert.Equal(identity, SnapshotJson.Text(site["properties"]!["keyVaultReferenceIdentity"]));
        Assert.Equal("UserAssigned", SnapshotJson.Text(site["identity"]!["type"]));
        Assert.Equal([identity], site["identity"]!["userAssignedIdentities"]!.AsObject().Select(p => p.Key));
    }

    [Fact]
    public void SecureParameters_FlowOnlyIntoKeyVaultSecrets()
    {
        var secure = SecureParameters();
        var leaks = new List<string>();
        foreach (var resource in fixture.Snapshot.Resources)
        {
            var type = SnapshotJson.Text(resource["type"]);
            foreach (var (path, value) in SnapshotJson.Strings(resource))
            {
                var usesSecure = secure.Any(p => value.Contains($"parameters('{p}')", StringComparison.OrdinalIgnoreCase));
                var allowed = type == VaultSecretType && (path.EndsWith("].properties.value", StringComparison.Ordinal) || path.EndsWith("].condition", StringComparison.Ordinal));
                if (usesSecure && !allowed)
                {
                    leaks.Add($"{type} {path} = {value}");
                }
            }
        }

        Assert.True(leaks.Count == 0, $"Secure parameters reach places other than Key Vault secrets:\n{string.Join("\n", leaks)}");
        Assert.Contains("apiKey", secure);
        Assert.Contains("keyEncryptionKey", secure);
    }

    [Fact]
    public void OutputsAndAppSettings_HoldNoSecretValue()
    {
        var secure = SecureParameters();
        var values = fixture.Snapshot.Outputs.Select(o => ($"output {o.Key}", SnapshotJson.Text(o.Value) ?? string.Empty))
            .Concat(fixture.Snapshot.AppSettings.Select(s => ($"app setting {s.Key}", s.Value)));
        var problems = values
            .Where(v => ListFunction().IsMatch(v.Item2)
                || secure.Any(p => v.Item2.Contains($"parameters('{p}')", StringComparison.OrdinalIgnoreCase))
                || v.Item2.Contains("AccountKey=", StringComparison.OrdinalIgnoreCase)
                || v.Item2.Contains("SharedAccessSignature", StringComparison.OrdinalIgnoreCase))
            .Select(v => $"{v.Item1} = {v.Item2}")
            .ToList();
        var secureOutputs = fixture.Template["outputs"]!.AsObject()
            .Where(o => SnapshotJson.Text(o.Value!["type"])!.StartsWith("secure", StringComparison.OrdinalIgnoreCase))
            .Select(o => o.Key);

        Assert.True(problems.Count == 0, $"Secrets in outputs or app settings:\n{string.Join("\n", problems)}");
        Assert.Empty(secureOutputs);
        Assert.NotEmpty(fixture.Snapshot.Outputs);
    }

    [Fact]
    public void Snapshot_NeverContainsTheSecretValuesItWasGiven()
    {
        var text = fixture.Snapshot.Document.ToJsonString();

        Assert.DoesNotContain(DeploymentSnapshot.ApiKeySentinel, text, StringComparison.Ordinal);
        Assert.DoesNotContain(DeploymentSnapshot.KeyEncryptionKeySentinel, text, StringComparison.Ordinal);
    }

    [Fact]
    public void ParametersFile_SecureParameters_ComeFromTheEnvironmentNeverLiterals()
    {
        var parameters = JsonNode.Parse(File.ReadAllText(InfraPaths.ParametersFile))!["parameters"]!.AsObject();
        var literal = SecureParameters()
            .Where(parameters.ContainsKey)
            .Select(name => (name, SnapshotJson.Text(parameters[name]!["value"]) ?? string.Empty))
            .Where(p => p.Item2.Length > 0 && !Placeholder().IsMatch(p.Item2))
            .Select(p => p.name)
            .ToList();

        Assert.True(literal.Count == 0, $"main.parameters.json gives secure parameters literal values: {string.Join(", ", literal)}; use an azd placeholder (${{NAME}}).");
        Assert.DoesNotContain(SnapshotJson.Strings(parameters), s => s.Value.Contains("AccountKey=", StringComparison.OrdinalIgnoreCase));
    }

    private List<string> SecureParameters() =>
        [.. fixture.Template["parameters"]!.AsObject()
            .Where(p => SnapshotJson.Text(p.Value!["type"])!.StartsWith("secure", StringComparison.OrdinalIgnoreCase))
            .Select(p => p.Key)];

    [GeneratedRegex(@"^@Microsoft\.KeyVault\(VaultName=(?<vault>[A-Za-z0-9-]+);SecretName=(?<secret>[A-Za-z0-9-]+)\)$|^@Microsoft\.KeyVault\(SecretUri=https://(?<vault>[A-Za-z0-9-]+)\.vault\.azure\.net/secrets/(?<secret>[A-Za-z0-9-]+)/?\)$")]
    private static partial Regex KeyVaultReference();

    // listKeys(…), listSecrets(…), listCredentials(…): ARM functions that return keys.
    [GeneratedRegex(@"\blist[A-Za-z]*\(", RegexOptions.IgnoreCase)]
    private static partial Regex ListFunction();

    [GeneratedRegex(@"^\$\{[A-Z_][A-Z0-9_]*\}$")]
    private static partial Regex Placeholder();
}
