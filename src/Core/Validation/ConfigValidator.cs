using McpOrchestrator.Core.Clients;
using McpOrchestrator.Core.Configs;
using McpOrchestrator.Core.Drafts;
using McpOrchestrator.Core.Mcp;
using McpOrchestrator.Core.Registry;

namespace McpOrchestrator.Core.Validation;

/// <summary>
/// The static rules of validation, pure and deterministic: every rule of the prior system (<c>empty_config</c>,
/// <c>missing_command</c>, <c>missing_args</c>, <c>invalid_args_type</c>, <c>invalid_env_type</c>,
/// <c>empty_env_var</c>, <c>too_many_servers</c>, <c>too_many_env_vars</c>, <c>unknown_client</c>), the entry rules of
/// <see cref="ServerResolver"/> (<c>unknown_server</c>, <c>missing_parameter</c>, <c>invalid_parameter</c>,
/// <c>unresolved_placeholder</c>, <c>missing_env</c>, <c>invalid_env</c>, <c>transport_not_supported</c> …),
/// <c>duplicate_name</c>, the client's tool limits (<c>too_many_tools</c>, <c>tool_name_too_long</c>), and the
/// warnings <c>literal_secret</c> and <c>unknown_reference</c>. What needs I/O (rendering, probing) is added by <see cref="ValidationService"/>.
/// </summary>
public static class ConfigValidator
{
    /// <summary>Validates draft entries (each with its registry server, null when unknown or inline) for a client
    /// (null when <paramref name="clientId"/> is unknown). <paramref name="resolved"/> receives the servers that
    /// resolved without error.</summary>
    public static IReadOnlyList<ValidationIssue> CheckEntries(
        IReadOnlyList<(DraftEntry Entry, ServerDefinition? Definition)> entries,
        ClientDefinition? client,
        string clientId,
        out IReadOnlyList<ServerConfig> resolved)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var issues = new List<ValidationIssue>();
        var servers = new List<ServerConfig>();
        if (entries.Count == 0)
        {
            issues.Add(ValidationIssue.Error(ValidationCodes.EmptyConfig, "Configuration is empty. Add at least one server before publishing."));
        }

        if (client is null)
        {
            issues.Add(ValidationIssue.Warning(ValidationCodes.UnknownClient,
                $"Client {Display.Quote(clientId)} not found in registry. Cannot validate client-specific limitations."));
        }

        foreach (var group in entries.Where(e => e.Entry?.Name is not null).GroupBy(e => e.Entry.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            issues.Add(ValidationIssue.Error(ValidationCodes.DuplicateName,
                $"{Display.Count(group.Count())} servers are named {Display.Quote(group.Key)}; names must be unique. Rename all but one.", group.Key, "name"));
        }

        foreach (var (entry, definition) in entries)
        {
            if (entry is null)
            {
                issues.Add(ValidationIssue.Error(ValidationCodes.InvalidName, "A server entry is null; remove it."));
                continue;
            }

            var resolution = ServerResolver.Resolve(entry, definition, client);
            issues.AddRange(resolution.Issues);
            if (resolution.Config is not null)
            {
                servers.Add(resolution.Config);
            }

            issues.AddRange(Secrets(entry, definition, resolution));
            if (client is not null)
            {
                issues.AddRange(EntryLimits(entry, resolution.Config, client));
            }
        }

        if (client is not null)
        {
            issues.AddRange(ConfigLimits(entries.Count, servers, client));
        }

        resolved = servers;
        return issues;
    }

    /// <summary>Validates resolved servers (a payload, a file's content) as inline entries.</summary>
    public static IReadOnlyList<ValidationIssue> CheckServers(IReadOnlyList<ServerConfig> servers, ClientDefinition? client, string clientId, out IReadOnlyList<ServerConfig> resolved)
    {
        ArgumentNullException.ThrowIfNull(servers);
        var entries = servers.Select(s => (s is null ? null! : new DraftEntry { Name = s.Name, Tools = s.Tools, Inline = s }, (ServerDefinition?)null)).ToList();
        return CheckEntries(entries, client, clientId, out resolved);
    }

    /// <summary>Tool limits known from live probes: the number of tools each server exposes after its filters, and
    /// the length of each exposed tool's full name.</summary>
    /// <summary>An error for each server that did not answer its live probe; a warning for each the probe skipped.</summary>
    public static IReadOnlyList<ValidationIssue> ProbeFailures(IEnumerable<ProbeResult> probes) =>
    [
        .. probes.Where(p => p.Skipped).Select(p => ValidationIssue.Warning(ValidationCodes.ProbeSkipped,
            $"'{p.Server}' was not probed: {p.Error ?? "the service may not reach it"}. Only the static checks judged it.", p.Server)),
        .. probes.Where(p => !p.Ok && !p.Skipped).Select(p => ValidationIssue.Error(ValidationCodes.ProbeFailed,
            $"'{p.Server}' did not answer the live probe: {p.Error ?? "no detail"}. Check that it starts (or is reachable) with the configured command, URL and env.", p.Server)),
    ];

    public static IReadOnlyList<ValidationIssue> ProbeLimits(IReadOnlyList<ServerConfig> servers, IReadOnlyList<ProbeResult> probes, ClientDefinition client)
    {
        ArgumentNullException.ThrowIfNull(servers);
        ArgumentNullException.ThrowIfNull(probes);
        ArgumentNullException.ThrowIfNull(client);
        var issues = new List<ValidationIssue>();
        var total = 0;
        foreach (var probe in probes.Where(p => p.Ok && p.ToolNames is not null))
        {
            var server = servers.FirstOrDefault(s => s.Name == probe.Server);
            var exposed = probe.ToolNames!.Where(tool => Exposed(tool, server?.Tools)).ToList();
            total += exposed.Count;
            if (client.Limits.MaxToolNameLength is { } max)
            {
                foreach (var tool in exposed.Where(tool => FullName(probe.Server, tool).Length > max))
                {
                    issues.Add(ToolNameTooLong(probe.Server, tool, max, "tools"));
                }
            }
        }

        if (client.Limits.MaxTools is { } maxTools && total > maxTools)
        {
            issues.Add(TooManyTools(client, maxTools, total, "the live probe found"));
        }

        return issues;
    }

    /// <summary>The report: valid exactly when there is no error; issues ordered by server, path, code and message.</summary>
    public static ValidationReport Report(IEnumerable<ValidationIssue> issues, int serverCount, DateTimeOffset validatedAt)
    {
        var ordered = issues
            .Distinct()
            .OrderBy(i => i.Server ?? string.Empty, StringComparer.Ordinal)
            .ThenBy(i => i.Path ?? string.Empty, StringComparer.Ordinal)
            .ThenBy(i => i.Code, StringComparer.Ordinal)
            .ThenBy(i => i.Message, StringComparer.Ordinal)
            .ToList();
        var errors = ordered.Where(i => i.Severity == IssueSeverity.Error).ToList();
        return new ValidationReport
        {
            Valid = errors.Count == 0,
            Errors = errors,
            Warnings = [.. ordered.Where(i => i.Severity == IssueSeverity.Warning)],
            ServerCount = serverCount,
            ValidatedAt = validatedAt,
        };
    }

    internal static string FullName(string server, string tool) => server + "__" + tool;

    private static List<ValidationIssue> Secrets(DraftEntry entry, ServerDefinition? definition, EntryResolution resolution)
    {
        var name = entry.Name;
        var config = resolution.Config;
        var found = new Dictionary<string, ValidationIssue>(StringComparer.Ordinal);

        void Scan(string path, string? value, bool entropy, string fix)
        {
            if (found.ContainsKey(path) || SecretScanner.Detect(value, entropy) is not { } kind)
            {
                return;
            }

            found[path] = ValidationIssue.Warning(ValidationCodes.LiteralSecret,
                $"{path} of '{name}' looks like {kind} written literally; it would be stored in the artifact and every deployed file. {fix}", name, path);
        }

        var env = new Dictionary<string, string>(config?.Env ?? entry.Inline?.Env ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        foreach (var (key, value) in entry.Env ?? new Dictionary<string, string>())
        {
            env[key] = value;
        }

        foreach (var (key, value) in env.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            Scan("env." + key, value, entropy: true, $"Store it as a secret and write \"{References.Secret(key)}\" instead.");
            var declaredSecret = definition?.Env.All.Any(v => v.Secret && v.Name == key) == true;
            if (declaredSecret && !found.ContainsKey("env." + key) && !string.IsNullOrWhiteSpace(value) && !References.Contains(value))
            {
                found["env." + key] = ValidationIssue.Warning(ValidationCodes.LiteralSecret,
                    $"env.{key} of '{name}' is a secret of server '{definition!.Id}' and is written literally; it would be stored in the artifact and every deployed file. Store it as a secret and write \"{References.Secret(key)}\" instead.",
                    name, "env." + key);
            }
        }

        foreach (var (key, value) in (config?.Headers ?? entry.Inline?.Headers ?? new Dictionary<string, string>()).OrderBy(h => h.Key, StringComparer.Ordinal))
        {
            Scan("headers." + key, value, entropy: true, "Pass it as a reference, e.g. \"Bearer ${secret:TOKEN}\".");
        }

        var args = config?.Args ?? entry.Inline?.Args ?? [];
        for (var i = 0; i < args.Count; i++)
        {
            var afterHeader = i > 0 && args[i - 1] == "--header";
            Scan($"args[{Display.Count(i)}]", args[i], entropy: afterHeader, "Pass it through env as a reference instead.");
        }

        Scan("url", config?.Url ?? entry.Inline?.Url, entropy: false, "Keep credentials out of URLs; use a header with a reference.");
        if (config is null)
        {
            foreach (var (key, value) in (entry.Params ?? new Dictionary<string, string>()).OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                Scan("params." + key, value, entropy: false, "Give it as a reference, e.g. \"${secret:TOKEN}\".");
            }
        }

        return [.. found.Values];
    }

    private static IEnumerable<ValidationIssue> EntryLimits(DraftEntry entry, ServerConfig? config, ClientDefinition client)
    {
        var env = config?.Env ?? entry.Env;
        if (client.Limits.MaxEnvVarsPerServer is { } maxEnv && env is not null && env.Count > maxEnv)
        {
            yield return ValidationIssue.Error(ValidationCodes.TooManyEnvVars,
                $"Server '{entry.Name}' has {Display.Count(env.Count)} env vars, but {client.DisplayName} supports max {Display.Count(maxEnv)}.", entry.Name, "env")
                with { Limit = maxEnv, Actual = env.Count };
        }

        if (client.Limits.MaxToolNameLength is { } max && entry.Tools is { } tools)
        {
            foreach (var (list, label) in new[] { (tools.Include, "tools.include"), (tools.Exclude, "tools.exclude") })
            {
                foreach (var tool in (list ?? []).Where(t => t is not null && FullName(entry.Name, t).Length > max))
                {
                    yield return ToolNameTooLong(entry.Name, tool, max, label);
                }
            }
        }
    }

    private static IEnumerable<ValidationIssue> ConfigLimits(int entryCount, List<ServerConfig> servers, ClientDefinition client)
    {
        if (client.Limits.MaxServers is { } maxServers && entryCount > maxServers)
        {
            yield return ValidationIssue.Error(ValidationCodes.TooManyServers,
                $"Configuration has {Display.Count(entryCount)} servers, but {client.DisplayName} supports max {Display.Count(maxServers)}.")
                with { Limit = maxServers, Actual = entryCount };
        }

        // Known without probing only when every server lists the tools it exposes.
        if (client.Limits.MaxTools is { } maxTools && servers.Count > 0 && servers.All(s => s.Tools is { Include.Count: > 0 }))
        {
            var total = servers.Sum(s => s.Tools!.Include.Count(tool => !s.Tools.Exclude.Contains(tool)));
            if (total > maxTools)
            {
                yield return TooManyTools(client, maxTools, total, "the include lists expose");
            }
        }
    }

    private static bool Exposed(string tool, ToolFilter? filter) =>
        filter is null || ((filter.Include.Count == 0 || filter.Include.Contains(tool)) && !filter.Exclude.Contains(tool));

    private static ValidationIssue ToolNameTooLong(string server, string tool, int max, string path) =>
        ValidationIssue.Warning(ValidationCodes.ToolNameTooLong,
            $"Tool {Display.Quote(tool)} of '{server}' is {Display.Count(FullName(server, tool).Length)} characters long with its server prefix ('{server}__'); clients that allow at most {Display.Count(max)} drop or cut it. Shorten the entry name or exclude the tool.",
            server, path) with { Limit = max, Actual = FullName(server, tool).Length };

    private static ValidationIssue TooManyTools(ClientDefinition client, int max, int total, string source) =>
        ValidationIssue.Warning(ValidationCodes.TooManyTools,
            $"{client.DisplayName} uses at most {Display.Count(max)} tools, and {source} {Display.Count(total)}; the rest are ignored. Narrow the servers' tool filters (tools.include / tools.exclude).")
            with { Limit = max, Actual = total };
}
