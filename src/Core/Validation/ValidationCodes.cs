namespace McpOrchestrator.Core.Validation;

/// <summary>
/// The stable codes of validation issues. The prior system's codes are kept in snake_case (EMPTY_CONFIG →
/// <c>empty_config</c> …); <c>missing_args</c> is raised only for an args member that is present but null, since
/// an omitted args list is valid in every client.
/// </summary>
public static class ValidationCodes
{
    // The prior system's rules.
    public const string EmptyConfig = "empty_config";
    public const string MissingCommand = "missing_command";
    public const string MissingArgs = "missing_args";
    public const string InvalidArgsType = "invalid_args_type";
    public const string InvalidEnvType = "invalid_env_type";
    public const string EmptyEnvVar = "empty_env_var";
    public const string TooManyServers = "too_many_servers";
    public const string TooManyEnvVars = "too_many_env_vars";
    public const string UnknownClient = "unknown_client";

    /// <summary>A check could not be run (today: the live probe failed to run for a server).</summary>
    public const string ValidationError = "validation_error";

    // Registry and parameters.
    public const string UnknownServer = "unknown_server";
    public const string MissingParameter = "missing_parameter";
    public const string InvalidParameter = "invalid_parameter";
    public const string UnresolvedPlaceholder = "unresolved_placeholder";
    public const string MissingEnv = "missing_env";
    public const string InvalidEnv = "invalid_env";
    public const string MissingUrl = "missing_url";
    public const string InvalidUrl = "invalid_url";
    public const string InvalidName = "invalid_name";

    /// <summary>Warning: a value holds <c>${…}</c> that is not <c>${env:NAME}</c> or <c>${secret:NAME}</c> (often another
    /// client's variable, e.g. VS Code's <c>${input:id}</c>); it is kept verbatim, and only that client expands it.</summary>
    public const string UnknownReference = "unknown_reference";
    public const string InvalidHeader = "invalid_header";
    public const string InvalidTools = "invalid_tools";

    // Client fit.
    public const string TransportNotSupported = "transport_not_supported";
    public const string DuplicateName = "duplicate_name";
    public const string TooManyTools = "too_many_tools";
    public const string ToolNameTooLong = "tool_name_too_long";

    // Hygiene.
    public const string LiteralSecret = "literal_secret";

    // Live probe (publishing issue).
    public const string ProbeFailed = "probe_failed";

    /// <summary>Warning: the live probe did not run for a server the service may not start or reach (an inline stdio
    /// entry, a bridge, a link-local or private address); the message says why.</summary>
    public const string ProbeSkipped = "probe_skipped";

    // Safety of what the service itself runs.

    /// <summary>An env var that makes a program load code (<c>NODE_OPTIONS</c>, <c>LD_PRELOAD</c> …): an error where the
    /// service would run the server (client <c>orchestrator</c>, registry entries), a warning elsewhere.</summary>
    public const string ForbiddenEnvVar = "forbidden_env_var";

    /// <summary>A URL on a link-local or cloud metadata address: an error where the service would connect to it.</summary>
    public const string AddressNotAllowed = "address_not_allowed";
}
