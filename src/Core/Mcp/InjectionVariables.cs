namespace McpOrchestrator.Core.Mcp;

/// <summary>
/// Environment variables that make a program load or run code it was not asked to run: dynamic-loader and runtime
/// hooks (<c>LD_PRELOAD</c>, <c>DYLD_*</c>, <c>NODE_OPTIONS</c>, <c>PYTHONPATH</c>, <c>JAVA_TOOL_OPTIONS</c>,
/// <c>DOTNET_STARTUP_HOOKS</c>, …), shell start-up files (<c>BASH_ENV</c>, <c>ENV</c>), npm's own settings
/// (<c>npm_config_*</c>, which <c>npx</c> obeys) and <c>PATH</c> (it chooses which program a bare command runs).
/// A server the service starts never receives one: <see cref="McpConnector"/> drops them, and an entry the service
/// would run that declares one is refused up front (<c>forbidden_env_var</c>). Names compare case-insensitively,
/// since Windows reads them so.
/// </summary>
public static class InjectionVariables
{
    private static readonly HashSet<string> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        "PATH",
        "NODE_OPTIONS", "NODE_PATH", "NODE_REPL_EXTERNAL_MODULE", "NODE_EXTRA_CA_CERTS",
        "LD_PRELOAD", "LD_LIBRARY_PATH", "LD_AUDIT", "LD_PROFILE", "GCONV_PATH", "HOSTALIASES", "LOCALDOMAIN", "RES_OPTIONS",
        "PYTHONPATH", "PYTHONSTARTUP", "PYTHONHOME", "PYTHONUSERBASE", "PYTHONINSPECT", "PYTHONBREAKPOINT", "PYTHONEXECUTABLE",
        "BASH_ENV", "ENV", "SHELLOPTS", "BASHOPTS", "PS4", "PROMPT_COMMAND", "IFS", "CDPATH",
        "PERL5OPT", "PERL5LIB", "PERLLIB", "PERL5DB",
        "RUBYOPT", "RUBYLIB",
        "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS", "CLASSPATH",
        "DOTNET_STARTUP_HOOKS", "DOTNET_ADDITIONAL_DEPS", "DOTNET_SHARED_STORE", "CORECLR_ENABLE_PROFILING", "CORECLR_PROFILER",
        "CORECLR_PROFILER_PATH", "COR_ENABLE_PROFILING", "COR_PROFILER", "COR_PROFILER_PATH",
        "GIT_SSH_COMMAND", "GIT_EXEC_PATH", "GIT_CONFIG_GLOBAL",
        "NPM_CONFIG_USERCONFIG", "NPM_CONFIG_GLOBALCONFIG",
        "PHPRC", "PHP_INI_SCAN_DIR", "LUA_INIT", "LUA_PATH", "LUA_CPATH", "TCLLIBPATH",
    };

    private static readonly string[] Prefixes = ["LD_", "DYLD_", "npm_config_", "PYTHONMALLOC", "MALLOC_", "GLIBC_TUNABLES", "CORECLR_PROFILER_PATH_", "GIT_CONFIG_"];

    /// <summary>Whether <paramref name="name"/> is a loader, runtime or shell hook the service never passes on.</summary>
    public static bool IsForbidden(string? name) =>
        name is not null && (Names.Contains(name) || Prefixes.Any(prefix => name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)));

    /// <summary>The names in <paramref name="names"/> that <see cref="IsForbidden"/> refuses, in ordinal order.</summary>
    public static IReadOnlyList<string> Find(IEnumerable<string> names) =>
        [.. names.Where(IsForbidden).Order(StringComparer.Ordinal)];

    /// <summary>Why <paramref name="name"/> is refused and what to do instead, for messages.</summary>
    public static string Why(string name) =>
        $"'{name}' makes the program load or run code it was not asked to run, so the service never passes it to a server it starts. Remove it; if the server needs it, wrap the server in a script that an administrator registers (PUT /v1/servers/{{id}}) or names in McpOrchestrator__Mcp__AllowedCommands.";
}
