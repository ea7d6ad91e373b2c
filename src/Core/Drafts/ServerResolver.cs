using McpOrchestrator.Core.Clients;
using McpOrchestrator.Core.Configs;
using McpOrchestrator.Core.Registry;
using McpOrchestrator.Core.Validation;

namespace McpOrchestrator.Core.Drafts;

/// <summary>
/// Turns a draft entry into the <see cref="ServerConfig"/> a client runs. For a registry entry: every parameter value
/// is checked against its type, optional parameters the entry leaves out take their default, <c>{param}</c>
/// placeholders in args, URL and header values are substituted, and an arg or header naming an optional parameter that
/// has neither value nor default is left out (so <c>--user-agent={user_agent}</c> disappears when no user agent is
/// given). A remote server for a client that cannot run it becomes the stdio bridge
/// <c>npx -y mcp-remote &lt;url&gt; --header "Name: value"…</c> when the client can wrap it and the entry asks for it;
/// otherwise it is <c>transport_not_supported</c>. Inline entries (imports the registry does not know) are used as
/// written. Pure: no I/O.
/// </summary>
public static class ServerResolver
{
    public const string BridgeCommand = "npx";
    public const string BridgePackage = "mcp-remote";
    public const int MaxEnvValueLength = 4096;
    public const int MaxEnvVars = 100;
    public const int MaxToolNames = 256;
    public const int MaxToolNameLength = 128;

    /// <param name="entry">The draft entry.</param>
    /// <param name="definition">Its registry server (null when unknown, or for an inline entry).</param>
    /// <param name="client">The client it is resolved for; null skips the transport check.</param>
    public static EntryResolution Resolve(DraftEntry entry, ServerDefinition? definition, ClientDefinition? client)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var issues = new List<ValidationIssue>();
        var name = entry.Name;
        if (!Ids.IsValid(name))
        {
            issues.Add(ValidationIssue.Error(ValidationCodes.InvalidName,
                $"Entry name {Display.Quote(name)} is not an id: use 1 to 64 lowercase letters, digits, '.', '_' or '-', starting with a letter or digit.",
                name, "name"));
        }

        var runByService = client?.Id == ClientCatalog.OrchestratorClientId;
        CheckEnv(entry.Inline is { } carried ? MergedEnv(carried.Env, entry.Env) : entry.Env, definition, name, runByService, issues);
        CheckTools(entry.Tools ?? entry.Inline?.Tools, name, issues);

        ServerConfig? config;
        if (entry.Inline is { } inline)
        {
            config = ResolveInline(entry, inline, issues);
        }
        else if (definition is null)
        {
            issues.Add(ValidationIssue.Error(ValidationCodes.UnknownServer,
                entry.ServerId is null
                    ? $"Entry '{name}' names no registry server and carries no inline definition; remove it and add it again."
                    : $"Entry '{name}' uses server {Display.Quote(entry.ServerId)}, which the registry does not have (it may have been deleted). GET /v1/servers lists the registry; remove the entry or register the server.",
                name, "serverId"));
            config = null;
        }
        else
        {
            config = ResolveRegistry(entry, definition, issues);
        }

        if (runByService && config?.Url is { } url && Uri.TryCreate(url, UriKind.Absolute, out var endpoint)
            && Mcp.NetworkGuard.CheckHost(endpoint, allowPrivate: true) is { } refused)
        {
            issues.Add(ValidationIssue.Error(ValidationCodes.AddressNotAllowed,
                $"The url of '{name}' cannot be used by the service: {refused}. Point it at the server's public address.", name, "url"));
        }

        var wrapped = false;
        if (config is not null && client is not null && !client.Accepts(config.Transport))
        {
            if (config.Transport != Transport.Stdio && client.CanWrapRemote && entry.WrapRemote)
            {
                config = Wrap(config);
                wrapped = true;
            }
            else
            {
                issues.Add(ValidationIssue.Error(ValidationCodes.TransportNotSupported, TransportMessage(name, config.Transport, client, entry.WrapRemote), name, "transport"));
            }
        }

        var hasErrors = issues.Any(i => i.Severity == IssueSeverity.Error);
        return new EntryResolution(hasErrors ? null : config, issues, wrapped && !hasErrors);
    }

    /// <summary>The stdio bridge for a remote server: <c>npx -y mcp-remote &lt;url&gt;</c> with each header as
    /// <c>--header "Name: value"</c> (headers in ordinal order).</summary>
    public static ServerConfig Wrap(ServerConfig remote)
    {
        ArgumentNullException.ThrowIfNull(remote);
        var args = new List<string> { "-y", BridgePackage, remote.Url ?? string.Empty };
        foreach (var (header, value) in remote.Headers.OrderBy(h => h.Key, StringComparer.Ordinal))
        {
            args.Add("--header");
            args.Add($"{header}: {value}");
        }

        return remote with
        {
            Transport = Transport.Stdio,
            Command = BridgeCommand,
            Args = args,
            Url = null,
            Headers = new Dictionary<string, string>(),
        };
    }

    private static ServerConfig? ResolveRegistry(DraftEntry entry, ServerDefinition definition, List<ValidationIssue> issues)
    {
        var name = entry.Name;
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var fromEntry = new HashSet<string>(StringComparer.Ordinal);
        var unset = new HashSet<string>(StringComparer.Ordinal);
        var parameters = entry.Params ?? new Dictionary<string, string>();
        foreach (var given in parameters.Keys.Where(k => definition.FindParameter(k) is null).Order(StringComparer.Ordinal))
        {
            var known = definition.Parameters.Count == 0 ? "it takes no parameters" : "its parameters are " + Display.Join(definition.Parameters.Select(p => p.Name));
            issues.Add(ValidationIssue.Error(ValidationCodes.InvalidParameter,
                $"Server '{definition.Id}' has no parameter {Display.Quote(given)}; {known}.", name, "params." + Clip(given)));
        }

        foreach (var parameter in definition.Parameters)
        {
            var path = "params." + parameter.Name;
            if (parameters.TryGetValue(parameter.Name, out var value))
            {
                if (ParameterValues.Check(parameter.Type, value) is { } error)
                {
                    issues.Add(ValidationIssue.Error(ValidationCodes.InvalidParameter,
                        $"Parameter '{parameter.Name}' of '{name}' {error} (type {ServerDefinitionValidator.Lower(parameter.Type)}{(parameter.Example is null ? string.Empty : ", e.g. " + parameter.Example)}).",
                        name, path));
                }
                else
                {
                    values[parameter.Name] = value;
                    fromEntry.Add(parameter.Name);
                }
            }
            else if (parameter.Default is not null)
            {
                values[parameter.Name] = parameter.Default;
            }
            else if (parameter.Required)
            {
                issues.Add(ValidationIssue.Error(ValidationCodes.MissingParameter,
                    $"Server '{definition.Id}' needs parameter '{parameter.Name}' ({ServerDefinitionValidator.Lower(parameter.Type)}{(parameter.Description is null ? string.Empty : ": " + parameter.Description.TrimEnd('.'))}). Add it to params{(parameter.Example is null ? string.Empty : $", e.g. \"{parameter.Name}\": \"{parameter.Example}\"")}.",
                    name, path));
            }
            else
            {
                unset.Add(parameter.Name);
            }
        }

        foreach (var variable in definition.Env.Required)
        {
            if (entry.Env is not null && !entry.Env.ContainsKey(variable.Name))
            {
                var example = variable.Secret ? References.Secret(variable.Name) : References.Env(variable.Name);
                issues.Add(ValidationIssue.Error(ValidationCodes.MissingEnv,
                    $"Server '{definition.Id}' needs environment variable '{variable.Name}'{(variable.Description is null ? string.Empty : $" ({variable.Description.TrimEnd('.')})")}. Add it to env, preferably as a reference: \"{variable.Name}\": \"{example}\".",
                    name, "env." + variable.Name));
            }
        }

        if (issues.Any(i => i.Severity == IssueSeverity.Error))
        {
            return null;
        }

        var refusedFlags = new HashSet<string>(StringComparer.Ordinal);
        string? Fill(string template, string path, bool beginsArgument = false)
        {
            var names = Placeholders.Names(template);
            if (names.Any(unset.Contains))
            {
                return null;
            }

            // No shell is involved, so a value cannot split an argument; but one that begins an argument with '-'
            // would hand the server a flag the registry entry never wrote (--help, --config=…, -e …).
            if (beginsArgument && Placeholders.AtStart(template) is { } first && fromEntry.Contains(first)
                && values[first].StartsWith('-') && definition.FindParameter(first) is { AllowFlag: false })
            {
                if (!refusedFlags.Add(first))
                {
                    return null;
                }

                issues.Add(ValidationIssue.Error(ValidationCodes.InvalidParameter,
                    $"Parameter '{first}' of '{name}' starts with '-', and server '{definition.Id}' puts it at the start of {path}, where the server would read it as a flag of its own. Give a value that does not start with '-' (for a relative path, put ./ before it); an administrator can allow flags for this parameter in the registry entry (\"allowFlag\": true).",
                    name, "params." + first));
                return null;
            }

            var undeclared = names.Where(n => definition.FindParameter(n) is null).ToList();
            foreach (var missing in undeclared)
            {
                issues.Add(ValidationIssue.Error(ValidationCodes.UnresolvedPlaceholder,
                    $"Server '{definition.Id}' uses {{{missing}}} in {path}, which names none of its parameters; an administrator must fix the registry entry.",
                    name, path));
            }

            return Placeholders.Substitute(template, n => values.GetValueOrDefault(n));
        }

        if (definition.Transport == Transport.Stdio)
        {
            var args = new List<string>();
            for (var i = 0; i < definition.Args.Count; i++)
            {
                if (Fill(definition.Args[i], $"args[{Display.Count(i)}]", beginsArgument: true) is { } arg)
                {
                    args.Add(arg);
                }
            }

            return issues.Any(i => i.Severity == IssueSeverity.Error) ? null : new ServerConfig
            {
                Name = name,
                Transport = Transport.Stdio,
                Command = definition.Command,
                Args = args,
                Env = new Dictionary<string, string>(entry.Env ?? new Dictionary<string, string>(), StringComparer.Ordinal),
                Tools = NormalTools(entry.Tools),
                ServerId = definition.Id,
            };
        }

        var url = definition.Url is null ? null : Fill(definition.Url, "url", beginsArgument: true);
        if (url is null && refusedFlags.Count > 0)
        {
            return null;
        }

        if (url is null)
        {
            issues.Add(ValidationIssue.Error(ValidationCodes.UnresolvedPlaceholder,
                $"The URL of server '{definition.Id}' names an optional parameter without a value; give it in params.", name, "url"));
            return null;
        }

        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (header, template) in definition.Headers.OrderBy(h => h.Key, StringComparer.Ordinal))
        {
            if (Fill(template, "headers." + header) is { } value)
            {
                headers[header] = value;
            }
        }

        return issues.Any(i => i.Severity == IssueSeverity.Error) ? null : new ServerConfig
        {
            Name = name,
            Transport = definition.Transport,
            Url = url,
            Headers = headers,
            Env = new Dictionary<string, string>(entry.Env ?? new Dictionary<string, string>(), StringComparer.Ordinal),
            Tools = NormalTools(entry.Tools),
            ServerId = definition.Id,
        };
    }

    private static ServerConfig? ResolveInline(DraftEntry entry, ServerConfig inline, List<ValidationIssue> issues)
    {
        var name = entry.Name;
        var before = issues.Count;
        if (inline.Transport == Transport.Stdio)
        {
            if (string.IsNullOrWhiteSpace(inline.Command))
            {
                issues.Add(ValidationIssue.Error(ValidationCodes.MissingCommand,
                    $"Server '{name}' is missing required 'command' field: give the program to start, e.g. \"npx\".", name, "command"));
            }

            if (inline.Args is null)
            {
                issues.Add(ValidationIssue.Error(ValidationCodes.MissingArgs,
                    $"Server '{name}' has a null 'args' field; give a list of strings, or leave args out for none.", name, "args"));
            }
            else
            {
                for (var i = 0; i < inline.Args.Count; i++)
                {
                    var path = $"args[{Display.Count(i)}]";
                    if (inline.Args[i] is null)
                    {
                        issues.Add(ValidationIssue.Error(ValidationCodes.InvalidArgsType,
                            $"Server '{name}' has invalid 'args' type (must be list of strings): {path} is null.", name, path));
                    }
                    else
                    {
                        WarnPlaceholders(inline.Args[i], name, path, issues);
                        WarnForeignReferences(inline.Args[i], name, path, issues);
                    }
                }
            }
        }
        else
        {
            if (string.IsNullOrWhiteSpace(inline.Url))
            {
                issues.Add(ValidationIssue.Error(ValidationCodes.MissingUrl,
                    $"Remote server '{name}' has no url; give its endpoint, e.g. \"https://mcp.example.com/mcp\".", name, "url"));
            }
            else if (!ParameterValues.IsHttpUrl(inline.Url) && !inline.Url.Contains("${", StringComparison.Ordinal))
            {
                issues.Add(ValidationIssue.Error(ValidationCodes.InvalidUrl,
                    $"The url of '{name}' ({Display.Quote(inline.Url, 80)}) is not an absolute http:// or https:// URL.", name, "url"));
            }
            else
            {
                WarnPlaceholders(inline.Url, name, "url", issues);
                WarnForeignReferences(inline.Url, name, "url", issues);
            }

            foreach (var (header, value) in inline.Headers ?? new Dictionary<string, string>())
            {
                if (value is null || Display.HasForbiddenCharacters(value))
                {
                    issues.Add(ValidationIssue.Error(ValidationCodes.InvalidHeader,
                        $"Header {Display.Quote(header)} of '{name}' is null or holds a control character; give a plain string value.",
                        name, "headers." + Clip(header)));
                }
                else
                {
                    WarnForeignReferences(value, name, "headers." + Clip(header), issues);
                }
            }
        }

        if (issues.Count > before && issues.Skip(before).Any(i => i.Severity == IssueSeverity.Error))
        {
            return null;
        }

        var env = MergedEnv(inline.Env, entry.Env) ?? [];
        return inline with
        {
            Name = name,
            Args = inline.Args ?? [],
            Headers = inline.Headers ?? new Dictionary<string, string>(),
            Env = env,
            Tools = NormalTools(entry.Tools ?? inline.Tools),
            ServerId = null,
        };
    }

    private static void CheckEnv(IReadOnlyDictionary<string, string>? env, ServerDefinition? definition, string name, bool runByService, List<ValidationIssue> issues)
    {
        if (env is null)
        {
            issues.Add(ValidationIssue.Error(ValidationCodes.InvalidEnvType,
                $"Server '{name}' has invalid 'env' type (must be an object of names to string values).", name, "env"));
            return;
        }

        if (env.Count > MaxEnvVars)
        {
            issues.Add(ValidationIssue.Error(ValidationCodes.InvalidEnv,
                $"Entry '{name}' sets {Display.Count(env.Count)} environment variables; the limit is {Display.Count(MaxEnvVars)}.", name, "env"));
        }

        foreach (var (variable, value) in env.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            var path = "env." + Clip(variable);
            if (!ServerDefinitionValidator.IsEnvName(variable))
            {
                issues.Add(ValidationIssue.Error(ValidationCodes.InvalidEnv,
                    $"{Display.Quote(variable)} is not an environment variable name: letters, digits and '_', not starting with a digit.", name, path));
            }
            else if (Mcp.InjectionVariables.IsForbidden(variable))
            {
                issues.Add(runByService
                    ? ValidationIssue.Error(ValidationCodes.ForbiddenEnvVar, $"Env of '{name}' sets {Mcp.InjectionVariables.Why(variable)}", name, path)
                    : ValidationIssue.Warning(ValidationCodes.ForbiddenEnvVar,
                        $"Env of '{name}' sets '{variable}', a loader or injection hook: clients pass it on, but the service drops it when it probes the server. Remove it unless the client's machine really needs it.", name, path));
            }
            else if (value is null)
            {
                issues.Add(ValidationIssue.Error(ValidationCodes.InvalidEnvType,
                    $"Server '{name}' has invalid 'env' type: the value of '{variable}' is null; give a string.", name, path));
            }
            else if (value.Length > MaxEnvValueLength || Display.HasForbiddenCharacters(value))
            {
                issues.Add(ValidationIssue.Error(ValidationCodes.InvalidEnv,
                    $"The value of '{variable}' is longer than {Display.Count(MaxEnvValueLength)} characters or holds a control character.", name, path));
            }
            else if (string.IsNullOrWhiteSpace(value))
            {
                var required = definition?.Env.Required.Any(v => v.Name == variable) == true ? " (the server requires it)" : string.Empty;
                issues.Add(ValidationIssue.Warning(ValidationCodes.EmptyEnvVar,
                    $"Server '{name}' has empty environment variable '{variable}'{required}; give a value or a reference, or remove it.", name, path));
            }
            else
            {
                WarnForeignReferences(value, name, path, issues);
            }
        }
    }

    /// <summary>Warns about <c>${…}</c> text that is not one of this service's references: kept verbatim (it may be
    /// the source client's own variable, e.g. <c>${input:token}</c>), but no other client expands it.</summary>
    private static void WarnForeignReferences(string? value, string name, string path, List<ValidationIssue> issues)
    {
        if (References.FindSyntaxError(value) is not null)
        {
            issues.Add(ValidationIssue.Warning(ValidationCodes.UnknownReference,
                $"{path} of '{name}' holds '${{…}}' text that is not a ${{env:NAME}} or ${{secret:NAME}} reference; it is written as it is, and only a client that knows that syntax expands it. Replace it with a reference if it is meant to be one.",
                name, path));
        }
    }

    private static void CheckTools(ToolFilter? tools, string name, List<ValidationIssue> issues)
    {
        if (tools is null)
        {
            return;
        }

        foreach (var (list, label) in new[] { (tools.Include, "include"), (tools.Exclude, "exclude") })
        {
            if (list is null)
            {
                issues.Add(ValidationIssue.Error(ValidationCodes.InvalidTools, $"tools.{label} of '{name}' is null; give a list of tool names or leave it out.", name, "tools." + label));
                continue;
            }

            if (list.Count > MaxToolNames)
            {
                issues.Add(ValidationIssue.Error(ValidationCodes.InvalidTools, $"tools.{label} of '{name}' lists {Display.Count(list.Count)} tools; the limit is {Display.Count(MaxToolNames)}.", name, "tools." + label));
            }

            for (var i = 0; i < list.Count; i++)
            {
                if (string.IsNullOrWhiteSpace(list[i]) || list[i].Length > MaxToolNameLength || Display.HasForbiddenCharacters(list[i]))
                {
                    issues.Add(ValidationIssue.Error(ValidationCodes.InvalidTools,
                        $"tools.{label}[{Display.Count(i)}] of '{name}' ({Display.Quote(list[i])}) is not a tool name: 1 to {Display.Count(MaxToolNameLength)} visible characters.",
                        name, $"tools.{label}[{Display.Count(i)}]"));
                }
            }
        }
    }

    private static void WarnPlaceholders(string value, string name, string path, List<ValidationIssue> issues)
    {
        foreach (var placeholder in Placeholders.Names(value))
        {
            issues.Add(ValidationIssue.Warning(ValidationCodes.UnresolvedPlaceholder,
                $"{path} of '{name}' contains {{{placeholder}}}, which looks like a placeholder nothing fills; the client receives it literally.",
                name, path));
        }
    }

    private static string TransportMessage(string name, Transport transport, ClientDefinition client, bool wrapRequested)
    {
        var label = transport switch { Transport.Http => "a streamable HTTP", Transport.Sse => "an SSE", _ => "a stdio" };
        var accepted = string.Join(", ", client.Transports.Select(t => t.ToString().ToLowerInvariant()));
        if (transport == Transport.Stdio)
        {
            return $"'{name}' is {label} server, but {client.DisplayName} runs only {accepted} servers. Remove it from this draft.";
        }

        return client.CanWrapRemote
            ? wrapRequested
                ? $"'{name}' is {label} server, which {client.DisplayName} cannot run directly."
                : $"'{name}' is {label} server, but {client.DisplayName} runs only {accepted} servers. Set \"wrapRemote\": true on the entry to run it through the local 'mcp-remote' bridge (needs Node.js), or remove it."
            : $"'{name}' is {label} server, but {client.DisplayName} runs only {accepted} servers and cannot use a local bridge. Remove it from this draft.";
    }

    /// <summary>An inline server's env with the entry's on top; null when either is null (reported as
    /// <c>invalid_env_type</c>).</summary>
    private static Dictionary<string, string>? MergedEnv(IReadOnlyDictionary<string, string>? inline, IReadOnlyDictionary<string, string>? entry)
    {
        if (inline is null || entry is null)
        {
            return null;
        }

        var env = new Dictionary<string, string>(inline, StringComparer.Ordinal);
        foreach (var (variable, value) in entry)
        {
            env[variable] = value;
        }

        return env;
    }

    private static ToolFilter? NormalTools(ToolFilter? tools) => tools is null || tools.IsEmpty ? null : tools;

    private static string Clip(string value) => value.Length <= 64 && !Display.HasForbiddenCharacters(value) ? value : Display.Quote(value, 32);
}
