using System.Text.RegularExpressions;
using McpOrchestrator.Core.Configs;
using McpOrchestrator.Core.Drafts;

namespace McpOrchestrator.Core.Registry;

/// <summary>
/// Turns a <see cref="ServerDefinitionRequest"/> into a <see cref="ServerDefinition"/>, refusing what could not be
/// turned into a working client entry: fields that do not fit the transport, placeholders that name no parameter,
/// URL placeholders that could stay empty, parameter types, defaults of the wrong type, a parameter both required and
/// defaulted, malformed URLs, env names, header names, tags, and anything too long. The same rules hold for the
/// built-in catalog (<see cref="Check(ServerDefinition)"/>).
/// </summary>
public static partial class ServerDefinitionValidator
{
    public const int MaxNameLength = 100;
    public const int MaxDescriptionLength = 2000;
    public const int MaxCommandLength = 512;
    public const int MaxArgs = 64;
    public const int MaxArgLength = 2048;
    public const int MaxUrlLength = 2048;
    public const int MaxHeaders = 32;
    public const int MaxHeaderNameLength = 128;
    public const int MaxHeaderValueLength = 4096;
    public const int MaxParameters = 32;
    public const int MaxParameterDescriptionLength = 500;
    public const int MaxEnvVars = 64;
    public const int MaxEnvNameLength = 128;
    public const int MaxTags = 16;

    /// <summary>Longest stored form of a definition, in characters.</summary>
    public const int MaxStoredLength = 200_000;

    /// <summary>Validates and normalises a custom definition (name trimmed, absent lists empty); throws
    /// <see cref="Problems.ProblemException"/> 400 <c>invalid_server_id</c> or <c>invalid_server_definition</c>.</summary>
    public static ServerDefinition ToDefinition(string id, ServerDefinitionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!Ids.IsValid(id))
        {
            throw new Problems.ProblemException(RegistryProblems.InvalidServerId(id));
        }

        var errors = new List<DefinitionError>();
        var transport = request.Transport switch
        {
            "stdio" => Transport.Stdio,
            "http" => Transport.Http,
            "sse" => Transport.Sse,
            null => Fail<Transport?>(errors, "transport", "is required: \"stdio\" for a local command, \"http\" for a streamable HTTP server, \"sse\" for a legacy SSE server"),
            _ => Fail<Transport?>(errors, "transport", $"is {Display.Quote(request.Transport)}; use \"stdio\", \"http\" or \"sse\" (lowercase)"),
        };

        var parameters = new List<ServerParameter>();
        foreach (var (parameter, index) in (request.Parameters ?? []).Select((p, i) => (p, i)))
        {
            var path = $"parameters[{Display.Count(index)}]";
            if (parameter is null)
            {
                errors.Add(new(path, "is null; give an object {name, type, required, default, example, description, allowFlag}"));
                continue;
            }

            ParameterType? type = parameter.Type switch
            {
                "string" => ParameterType.String,
                "int" => ParameterType.Int,
                "bool" => ParameterType.Bool,
                "path" => ParameterType.Path,
                "url" => ParameterType.Url,
                null => Fail<ParameterType?>(errors, path + ".type", "is required: string, int, bool, path or url"),
                _ => Fail<ParameterType?>(errors, path + ".type", $"is {Display.Quote(parameter.Type)}; use string, int, bool, path or url"),
            };
            parameters.Add(new ServerParameter
            {
                Name = parameter.Name ?? string.Empty,
                Type = type ?? ParameterType.String,
                Required = parameter.Required ?? false,
                Default = parameter.Default,
                Example = parameter.Example,
                Description = parameter.Description,
                AllowFlag = parameter.AllowFlag ?? false,
            });
            if (parameter.Name is null)
            {
                errors.Add(new(path + ".name", "is required"));
            }
        }

        if (request.Env?.Required is { } requiredEnv && requiredEnv.Any(e => e is null))
        {
            errors.Add(new("env.required", "holds null; give variable names or {name, secret, description} objects"));
        }

        if (request.Env?.Optional is { } optionalEnv && optionalEnv.Any(e => e is null))
        {
            errors.Add(new("env.optional", "holds null; give variable names or {name, secret, description} objects"));
        }

        var definition = new ServerDefinition
        {
            Id = id,
            Name = request.Name?.Trim() ?? string.Empty,
            Description = string.IsNullOrWhiteSpace(request.Description) ? null : request.Description.Trim(),
            Transport = transport ?? Transport.Stdio,
            Command = request.Command,
            Args = request.Args ?? [],
            Url = request.Url,
            Headers = request.Headers ?? new Dictionary<string, string>(),
            Parameters = parameters,
            Env = new EnvRequirements
            {
                Required = [.. (request.Env?.Required ?? []).Where(e => e is not null)],
                Optional = [.. (request.Env?.Optional ?? []).Where(e => e is not null)],
            },
            Tags = request.Tags ?? [],
            DocsUrl = string.IsNullOrWhiteSpace(request.DocsUrl) ? null : request.DocsUrl,
        };

        if (request.Name is null)
        {
            errors.Add(new("name", "is required: a display name such as \"Acme Search\""));
        }

        errors.AddRange(Check(definition, checkTransport: transport is not null));
        if (errors.Count == 0 && System.Text.Json.JsonSerializer.Serialize(CustomServerStore.ToRequest(definition), StorageJson.Options).Length is var length
            && length > MaxStoredLength)
        {
            errors.Add(new("(definition)", $"takes {Display.Count(length)} characters stored; the limit is {Display.Count(MaxStoredLength)}. Shorten descriptions, defaults and examples"));
        }

        if (errors.Count > 0)
        {
            throw new Problems.ProblemException(RegistryProblems.InvalidDefinition(id, errors));
        }

        return definition;
    }

    /// <summary>Every rule a definition breaks (empty when it is valid).</summary>
    public static IReadOnlyList<DefinitionError> Check(ServerDefinition definition) => Check(definition, checkTransport: true);

    private static List<DefinitionError> Check(ServerDefinition d, bool checkTransport)
    {
        var errors = new List<DefinitionError>();
        void Add(string path, string message) => errors.Add(new DefinitionError(path, message));

        if (!Ids.IsValid(d.Id))
        {
            Add("id", "is not an id (^[a-z0-9][a-z0-9._-]{0,63}$)");
        }

        CheckText(errors, "name", d.Name, MaxNameLength, required: true, allowNewlines: false);
        CheckText(errors, "description", d.Description, MaxDescriptionLength, required: false, allowNewlines: true);

        // Parameters first: placeholders are checked against them.
        if (d.Parameters.Count > MaxParameters)
        {
            Add("parameters", $"has {Display.Count(d.Parameters.Count)} parameters; the limit is {Display.Count(MaxParameters)}");
        }

        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < d.Parameters.Count; i++)
        {
            var p = d.Parameters[i];
            var path = $"parameters[{Display.Count(i)}]";
            if (!ParameterName().IsMatch(p.Name))
            {
                Add(path + ".name", $"{Display.Quote(p.Name)} is not a parameter name: letters, digits and '_', starting with a letter or '_', at most 64 characters");
            }
            else if (!names.Add(p.Name))
            {
                Add(path + ".name", $"'{p.Name}' is declared twice (names are compared case-insensitively)");
            }

            if (p.Required && p.Default is not null)
            {
                Add(path, $"'{p.Name}' is required and has a default; a default is only used when the value is left out, so drop the default or make the parameter optional");
            }

            if (p.Default is not null && ParameterValues.Check(p.Type, p.Default) is { } defaultError)
            {
                Add(path + ".default", $"{Display.Quote(p.Default)} {defaultError} (the parameter is of type {Lower(p.Type)})");
            }

            if (p.Example is not null && ParameterValues.Check(p.Type, p.Example) is { } exampleError)
            {
                Add(path + ".example", $"{Display.Quote(p.Example)} {exampleError} (the parameter is of type {Lower(p.Type)})");
            }

            CheckText(errors, path + ".description", p.Description, MaxParameterDescriptionLength, required: false, allowNewlines: true);
        }

        var declared = d.Parameters.Where(p => ParameterName().IsMatch(p.Name)).GroupBy(p => p.Name, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

        if (checkTransport)
        {
            if (d.Transport == Transport.Stdio)
            {
                CheckStdio(d, errors, declared);
            }
            else
            {
                CheckRemote(d, errors, declared);
            }
        }

        CheckEnv(d.Env, errors);
        CheckTags(d.Tags, errors);
        if (d.DocsUrl is not null && (d.DocsUrl.Length > MaxUrlLength || !ParameterValues.IsHttpUrl(d.DocsUrl)))
        {
            Add("docsUrl", $"{Display.Quote(d.DocsUrl)} is not an absolute http(s) URL of at most {Display.Count(MaxUrlLength)} characters");
        }

        return errors;
    }

    private static void CheckStdio(ServerDefinition d, List<DefinitionError> errors, Dictionary<string, ServerParameter> declared)
    {
        if (string.IsNullOrWhiteSpace(d.Command))
        {
            errors.Add(new("command", "is required for a stdio server: the program the client starts, e.g. \"npx\" or \"uvx\""));
        }
        else
        {
            CheckText(errors, "command", d.Command, MaxCommandLength, required: true, allowNewlines: false);
            if (Placeholders.Names(d.Command).Count > 0)
            {
                errors.Add(new("command", "holds a {placeholder}; placeholders are allowed in args, url and headers only"));
            }
        }

        if (d.Url is not null)
        {
            errors.Add(new("url", "is set on a stdio server; remove it, or set transport to \"http\" or \"sse\" for a remote server"));
        }

        if (d.Headers.Count > 0)
        {
            errors.Add(new("headers", "are set on a stdio server; headers are sent to remote servers only. Pass values to a stdio server with args or env"));
        }

        if (d.Args.Count > MaxArgs)
        {
            errors.Add(new("args", $"has {Display.Count(d.Args.Count)} items; the limit is {Display.Count(MaxArgs)}"));
        }

        for (var i = 0; i < d.Args.Count; i++)
        {
            var path = $"args[{Display.Count(i)}]";
            if (d.Args[i] is null)
            {
                errors.Add(new(path, "is null; every argument is a string"));
                continue;
            }

            CheckText(errors, path, d.Args[i], MaxArgLength, required: false, allowNewlines: false);
            CheckPlaceholders(errors, path, d.Args[i], declared, mustHaveValue: false);
        }
    }

    private static void CheckRemote(ServerDefinition d, List<DefinitionError> errors, Dictionary<string, ServerParameter> declared)
    {
        if (d.Command is not null)
        {
            errors.Add(new("command", $"is set on a{(d.Transport == Transport.Http ? "n http" : "n sse")} server; remove it, or set transport to \"stdio\" for a local command"));
        }

        if (d.Args.Count > 0)
        {
            errors.Add(new("args", "are set on a remote server; remove them (a remote server is reached by url)"));
        }

        if (string.IsNullOrWhiteSpace(d.Url))
        {
            errors.Add(new("url", "is required for a remote server: its endpoint, e.g. \"https://mcp.example.com/mcp\""));
        }
        else if (d.Url.Length > MaxUrlLength)
        {
            errors.Add(new("url", $"is {Display.Count(d.Url.Length)} characters long; the limit is {Display.Count(MaxUrlLength)}"));
        }
        else
        {
            var unknown = CheckPlaceholders(errors, "url", d.Url, declared, mustHaveValue: true);
            if (!unknown)
            {
                var sample = Placeholders.Substitute(d.Url, name => declared.TryGetValue(name, out var p) ? SampleValue(p) : null);
                if (!ParameterValues.IsHttpUrl(sample))
                {
                    errors.Add(new("url", $"{Display.Quote(d.Url, 80)} is not an absolute http:// or https:// URL (checked with sample parameter values)"));
                }
            }
        }

        if (d.Headers.Count > MaxHeaders)
        {
            errors.Add(new("headers", $"has {Display.Count(d.Headers.Count)} headers; the limit is {Display.Count(MaxHeaders)}"));
        }

        foreach (var (name, value) in d.Headers)
        {
            var path = $"headers.{name}";
            if (name.Length > MaxHeaderNameLength || !HeaderName().IsMatch(name))
            {
                errors.Add(new("headers", $"{Display.Quote(name)} is not an HTTP header name (letters, digits and !#$%&'*+-.^_`|~, at most {Display.Count(MaxHeaderNameLength)} characters)"));
                continue;
            }

            if (value is null)
            {
                errors.Add(new(path, "is null; give the header's value as a string"));
                continue;
            }

            CheckText(errors, path, value, MaxHeaderValueLength, required: true, allowNewlines: false);
            CheckPlaceholders(errors, path, value, declared, mustHaveValue: false);
            if (References.FindSyntaxError(value) is { } referenceError)
            {
                errors.Add(new(path, referenceError));
            }
        }
    }

    /// <summary>Adds an error for each placeholder naming no declared parameter (or, in a URL, one that could be left
    /// without a value); returns true when some name was unknown.</summary>
    private static bool CheckPlaceholders(List<DefinitionError> errors, string path, string template, Dictionary<string, ServerParameter> declared, bool mustHaveValue)
    {
        var unknown = false;
        foreach (var name in Placeholders.Names(template))
        {
            if (!declared.TryGetValue(name, out var parameter))
            {
                unknown = true;
                errors.Add(new(path, $"uses {{{name}}}, which names no parameter; declare '{name}' in parameters or remove the placeholder"));
            }
            else if (mustHaveValue && !parameter.Required && parameter.Default is null)
            {
                errors.Add(new(path, $"uses {{{name}}}, an optional parameter without a default; in a URL it must always have a value, so make it required or give it a default"));
            }
        }

        return unknown;
    }

    private static void CheckEnv(EnvRequirements env, List<DefinitionError> errors)
    {
        var all = env.Required.Select((e, i) => (e, $"env.required[{Display.Count(i)}]"))
            .Concat(env.Optional.Select((e, i) => (e, $"env.optional[{Display.Count(i)}]"))).ToList();
        if (all.Count > MaxEnvVars)
        {
            errors.Add(new("env", $"declares {Display.Count(all.Count)} variables; the limit is {Display.Count(MaxEnvVars)}"));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (variable, path) in all)
        {
            if (!IsEnvName(variable.Name))
            {
                errors.Add(new(path, $"{Display.Quote(variable.Name)} is not an environment variable name (^[A-Za-z_][A-Za-z0-9_]*$, at most {Display.Count(MaxEnvNameLength)} characters)"));
            }
            else if (!seen.Add(variable.Name))
            {
                errors.Add(new(path, $"'{variable.Name}' is declared twice; list each variable once, under required or optional"));
            }

            CheckText(errors, path + ".description", variable.Description, MaxParameterDescriptionLength, required: false, allowNewlines: true);
        }
    }

    private static void CheckTags(IReadOnlyList<string> tags, List<DefinitionError> errors)
    {
        if (tags.Count > MaxTags)
        {
            errors.Add(new("tags", $"has {Display.Count(tags.Count)} tags; the limit is {Display.Count(MaxTags)}"));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < tags.Count; i++)
        {
            var path = $"tags[{Display.Count(i)}]";
            if (tags[i] is null || !Tag().IsMatch(tags[i]))
            {
                errors.Add(new(path, $"{Display.Quote(tags[i])} is not a tag: lowercase letters, digits and '-', at most 32 characters"));
            }
            else if (!seen.Add(tags[i]))
            {
                errors.Add(new(path, $"'{tags[i]}' is listed twice"));
            }
        }
    }

    private static void CheckText(List<DefinitionError> errors, string path, string? value, int max, bool required, bool allowNewlines)
    {
        if (value is null)
        {
            return;
        }

        if (required && string.IsNullOrWhiteSpace(value))
        {
            errors.Add(new(path, "is empty"));
        }
        else if (value.Length > max)
        {
            errors.Add(new(path, $"is {Display.Count(value.Length)} characters long; the limit is {Display.Count(max)}"));
        }
        else if (Display.HasForbiddenCharacters(value, allowNewlines))
        {
            errors.Add(new(path, "contains a control or invisible formatting character"));
        }
    }

    public static bool IsEnvName(string? name) => name is not null && name.Length <= MaxEnvNameLength && EnvName().IsMatch(name);

    internal static string Lower(ParameterType type) => type.ToString().ToLowerInvariant();

    private static string SampleValue(ServerParameter parameter) => parameter.Default ?? parameter.Example ?? parameter.Type switch
    {
        ParameterType.Int => "1",
        ParameterType.Bool => "true",
        ParameterType.Url => "https://example.com",
        _ => "sample",
    };

    private static T Fail<T>(List<DefinitionError> errors, string path, string message)
    {
        errors.Add(new DefinitionError(path, message));
        return default!;
    }

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]{0,63}\z", RegexOptions.CultureInvariant)]
    private static partial Regex ParameterName();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*\z", RegexOptions.CultureInvariant)]
    private static partial Regex EnvName();

    [GeneratedRegex(@"^[!#$%&'*+.^_`|~0-9A-Za-z-]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex HeaderName();

    [GeneratedRegex(@"^[a-z0-9][a-z0-9-]{0,31}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Tag();
}
