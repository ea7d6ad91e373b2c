using McpOrchestrator.Core.Canonical;
using McpOrchestrator.Core.Clients;
using McpOrchestrator.Core.Configs;
using McpOrchestrator.Core.Formats;
using McpOrchestrator.Core.Problems;

namespace McpOrchestrator.Cli.Merging;

/// <summary>Writes servers into a client's own config file text: renders them with Core's native format, replaces
/// only the client's server collection in the existing text (JSON/JSONC, TOML or YAML), and proves the result by
/// reading it back with Core's importer: the merged file must hold exactly the rendered servers, or nothing is
/// written. An existing file that does not parse is refused with the parser's line and column.</summary>
public sealed class ConfigMerger(NativeConfigFormats formats)
{
    /// <summary>The new file text for <paramref name="client"/> holding <paramref name="servers"/>, keeping
    /// everything else of <paramref name="existing"/> (null when there is no file yet).</summary>
    public string Merge(ClientDefinition client, string? existing, IReadOnlyList<ServerConfig> servers)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(servers);
        var rendered = Render(client, servers);
        string merged;
        if (existing is null || existing.Trim().Trim('\uFEFF').Length == 0)
        {
            merged = rendered;
        }
        else
        {
            CheckReadable(client, existing);
            var path = client.Format.CollectionPath;
            merged = client.Format.Syntax switch
            {
                FormatSyntax.Toml => TomlSectionMerger.Merge(existing, path, rendered),
                FormatSyntax.Yaml => YamlSectionMerger.Merge(existing, path, rendered),
                _ => JsonSectionMerger.Merge(existing, path, rendered),
            };
        }

        var expected = Fingerprint(Import(client, rendered));
        var actual = Fingerprint(ImportMerged(client, merged));
        return expected == actual
            ? merged
            : throw new MergeException($"the merged {client.DisplayName} file would not read back as the deployed servers, so it was not written; move the file aside and pull again, or edit it by hand");
    }

    /// <summary>Refuses a file Core cannot read, with the parser's reason, line and column.</summary>
    public void CheckReadable(ClientDefinition client, string existing)
    {
        ArgumentNullException.ThrowIfNull(client);
        try
        {
            formats.Import(existing, client);
        }
        catch (ProblemException ex) when (ex.Problem.Code is FormatProblems.InvalidImportCode or FormatProblems.ImportFormatMismatchCode)
        {
            throw new MergeException(ex.Problem.Detail);
        }
    }

    private string Render(ClientDefinition client, IReadOnlyList<ServerConfig> servers)
    {
        try
        {
            return formats.Render(servers, client);
        }
        catch (ProblemException ex)
        {
            throw new MergeException(ex.Problem.Detail);
        }
    }

    private IReadOnlyList<ServerConfig> Import(ClientDefinition client, string text) => formats.Import(text, client);

    private IReadOnlyList<ServerConfig> ImportMerged(ClientDefinition client, string text)
    {
        try
        {
            return formats.Import(text, client);
        }
        catch (ProblemException ex)
        {
            throw new MergeException($"the merged {client.DisplayName} file would not be readable ({ex.Problem.Detail}), so it was not written");
        }
    }

    /// <summary>The servers as canonical JSON (members sorted), so maps compare whatever order a file wrote them in.</summary>
    private static string Fingerprint(IReadOnlyList<ServerConfig> servers) =>
        Convert.ToHexString(JsonCanonicalizer.Serialize(servers.OrderBy(s => s.Name, StringComparer.Ordinal).ToList(), ConfigPayload.Json));
}
