using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace McpOrchestrator.Infra.Tests.Support;

/// <summary>
/// What a deployment of infra/main.bicep with infra/main.parameters.json would create, as Bicep predicts it offline
/// (<c>bicep snapshot</c>): every resource with its id, scope and properties evaluated as far as they can be before
/// deployment. Values known only once resources exist (an identity's principalId, App Insights' connection string)
/// stay ARM expressions such as <c>[reference('…/userAssignedIdentities/id-…', '…').principalId]</c>; secure
/// parameters stay <c>[parameters('apiKey')]</c>. The parameters file's azd placeholders (<c>${AZURE_ENV_NAME}</c>) are
/// filled with <see cref="Environment"/>'s values.
/// </summary>
public sealed class DeploymentSnapshot
{
    public const string SubscriptionId = "00000000-0000-0000-0000-00000000aaaa";
    public const string TenantId = "00000000-0000-0000-0000-00000000bbbb";
    public const string ResourceGroup = "rg-mcpo-test";
    public const string Location = "swedencentral";

    /// <summary>Values of the azd environment variables the parameters file uses; the secrets are sentinels that
    /// must never appear in the snapshot.</summary>
    public static readonly IReadOnlyDictionary<string, string> Environment = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["AZURE_ENV_NAME"] = "ci",
        ["AZURE_LOCATION"] = Location,
        ["AZURE_PRINCIPAL_ID"] = "11111111-2222-3333-4444-555555555555",
        ["MCPO_API_KEY"] = ApiKeySentinel,
        ["MCPO_KEY_ENCRYPTION_KEY"] = KeyEncryptionKeySentinel,
    };

    public const string ApiKeySentinel = "sentinel-api-key-0f3c9d7e5b1a4c2e8d6f";
    public const string KeyEncryptionKeySentinel = "c2VudGluZWwta2V5LWVuY3J5cHRpb24ta2V5LTMyYnk=";

    private DeploymentSnapshot(JsonObject document) => Document = document;

    /// <summary>The whole <c>bicep snapshot</c> document.</summary>
    public JsonObject Document { get; }

    public IReadOnlyList<JsonObject> Resources =>
        Document["predictedResources"]!.AsArray().Select(r => r!.AsObject()).ToList();

    public JsonObject Outputs => Document["outputs"]?.AsObject() ?? [];

    public IEnumerable<JsonObject> OfType(string type) =>
        Resources.Where(r => string.Equals((string?)r["type"], type, StringComparison.OrdinalIgnoreCase));

    public JsonObject The(string type)
    {
        var matches = OfType(type).ToList();
        return matches.Count == 1
            ? matches[0]
            : throw new Xunit.Sdk.XunitException($"Expected one {type} in the template, found {matches.Count}.");
    }

    /// <summary>The function app's settings, name → value, as the template sets them.</summary>
    public IReadOnlyDictionary<string, string> AppSettings
    {
        get
        {
            var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            var list = The("Microsoft.Web/sites")["properties"]?["siteConfig"]?["appSettings"]?.AsArray() ?? [];
            foreach (var setting in list)
            {
                var name = (string)setting!["name"]!;
                if (!settings.TryAdd(name, setting["value"]?.ToString() ?? string.Empty))
                {
                    throw new Xunit.Sdk.XunitException($"The template sets app setting '{name}' twice.");
                }
            }

            return settings;
        }
    }

    /// <summary>Snapshots the template with the parameters file, after applying <paramref name="overrides"/>
    /// (parameter name → JSON value).</summary>
    public static async Task<DeploymentSnapshot> CreateAsync(IReadOnlyDictionary<string, JsonNode?>? overrides = null)
    {
        var directory = Directory.CreateTempSubdirectory("mcpo-infra-");
        try
        {
            var parameters = Path.Combine(directory.FullName, "snapshot.bicepparam");
            await File.WriteAllTextAsync(parameters, ToBicepParam(directory.FullName, overrides));
            var run = await BicepCli.RunAsync(
                directory.FullName,
                "snapshot", parameters,
                "--mode", "overwrite",
                "--subscription-id", SubscriptionId,
                "--tenant-id", TenantId,
                "--resource-group", ResourceGroup,
                "--location", Location,
                "--deployment-name", "mcpo-test");
            var output = Path.Combine(directory.FullName, "snapshot.snapshot.json");
            if (run.ExitCode != 0 || !File.Exists(output))
            {
                throw new InvalidOperationException($"bicep snapshot failed.\n{run}");
            }

            var document = JsonNode.Parse(await File.ReadAllTextAsync(output))!.AsObject();
            var diagnostics = document["diagnostics"]?.AsArray() ?? [];
            if (diagnostics.Count > 0)
            {
                throw new InvalidOperationException($"bicep snapshot reported diagnostics: {diagnostics.ToJsonString()}");
            }

            return new DeploymentSnapshot(document);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    // main.parameters.json (the azd / az deployment shape) as a .bicepparam, which `bicep snapshot` takes.
    private static string ToBicepParam(string directory, IReadOnlyDictionary<string, JsonNode?>? overrides)
    {
        var file = JsonNode.Parse(File.ReadAllText(InfraPaths.ParametersFile))!.AsObject();
        var values = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var (name, parameter) in file["parameters"]!.AsObject())
        {
            values[name] = Substitute(parameter!["value"]?.DeepClone());
        }

        foreach (var (name, value) in overrides ?? new Dictionary<string, JsonNode?>())
        {
            values[name] = value?.DeepClone();
        }

        var text = new StringBuilder();
        var template = Path.GetRelativePath(directory, InfraPaths.MainTemplate).Replace('\\', '/');
        text.Append(CultureInfo.InvariantCulture, $"using '{template}'\n\n");
        foreach (var (name, value) in values)
        {
            text.Append(CultureInfo.InvariantCulture, $"param {name} = {ToBicep(value)}\n");
        }

        return text.ToString();
    }

    private static JsonNode? Substitute(JsonNode? node)
    {
        if (node is JsonValue value && value.TryGetValue<string>(out var text))
        {
            var result = new StringBuilder();
            var position = 0;
            while (text.IndexOf("${", position, StringComparison.Ordinal) is var start and >= 0)
            {
                var end = text.IndexOf('}', start);
                var variable = text[(start + 2)..end];
                if (!Environment.TryGetValue(variable, out var replacement))
                {
                    throw new InvalidOperationException($"main.parameters.json uses ${{{variable}}}; give it a test value in {nameof(DeploymentSnapshot)}.{nameof(Environment)}.");
                }

                result.Append(text, position, start - position).Append(replacement);
                position = end + 1;
            }

            return JsonValue.Create(result.Append(text, position, text.Length - position).ToString());
        }

        return node;
    }

    private static string ToBicep(JsonNode? value) => value switch
    {
        null => "null",
        JsonValue v when v.TryGetValue<string>(out var s) => Quote(s),
        JsonValue v => v.ToJsonString(),
        _ => $"json({Quote(value.ToJsonString())})",
    };

    private static string Quote(string text) =>
        "'" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal)
            .Replace("${", "\\${", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal) + "'";
}
