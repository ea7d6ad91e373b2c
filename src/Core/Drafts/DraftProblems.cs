using McpOrchestrator.Core.Problems;
using McpOrchestrator.Core.Registry;
using McpOrchestrator.Core.Validation;

namespace McpOrchestrator.Core.Drafts;

/// <summary>
/// The refusals of draft editing: 400 <c>invalid_entry_name</c>, <c>entry_too_large</c>, <c>invalid_import</c>,
/// <c>duplicate_name</c> and, for an entry that could not be built, the code of its first error
/// (<c>missing_parameter</c>, <c>invalid_parameter</c>, <c>missing_env</c>, <c>invalid_env</c>,
/// <c>transport_not_supported</c>, <c>invalid_tools</c> …, every error listed in <c>errors</c>); 404
/// <c>entry_not_found</c>; 409 <c>duplicate_server_name</c>, <c>draft_full</c>; 412 <c>draft_conflict</c>; 503
/// <c>draft_busy</c>.
/// </summary>
public static class DraftProblems
{
    public static Problem InvalidEntryName(string? name) => new()
    {
        Status = 400,
        Code = "invalid_entry_name",
        Title = "Invalid entry name",
        Detail = $"{Display.Quote(name)} is not an entry name. Names are 1 to 64 characters: lowercase letters, digits, '.', '_' and '-', starting with a letter or digit; leave name out to use the server id.",
    };

    public static Problem DuplicateServerName(string clientId, string profileId, string name) => new()
    {
        Status = 409,
        Code = "duplicate_server_name",
        Title = "Duplicate server name",
        Detail = $"The draft of '{clientId}/{profileId}' already has an entry named '{name}'. Give this one another name with \"name\", or remove the existing one first (POST …/draft/remove).",
        Extensions = new Dictionary<string, object?> { ["name"] = name },
    };

    public static Problem EntryNotFound(string clientId, string profileId, string name) => new()
    {
        Status = 404,
        Code = "entry_not_found",
        Title = "Entry not found",
        Detail = $"The draft of '{clientId}/{profileId}' has no entry named '{name}'. GET /v1/config/{clientId}/{profileId}/draft lists its entries.",
    };

    public static Problem DraftConflict(string clientId, string profileId, string current) => new()
    {
        Status = 412,
        Code = "draft_conflict",
        Title = "Draft changed",
        Detail = $"The draft of '{clientId}/{profileId}' changed since you read it (If-Match does not match its ETag {current}). Read it again with GET /v1/config/{clientId}/{profileId}/draft, re-apply your change, and send the new ETag.",
        Headers = new Dictionary<string, string> { ["ETag"] = current },
    };

    public static Problem DraftFull(string clientId, string profileId, int max) => new()
    {
        Status = 409,
        Code = "draft_full",
        Title = "Draft full",
        Detail = $"The draft of '{clientId}/{profileId}' would have more than {Display.Count(max)} entries. Remove entries you do not need, or split them over several profiles.",
    };

    public static Problem EntryTooLarge(string name, int length, int max) => new()
    {
        Status = 400,
        Code = "entry_too_large",
        Title = "Entry too large",
        Detail = $"Entry '{name}' takes {Display.Count(length)} characters stored; the limit is {Display.Count(max)}. Shorten its params and env values.",
    };

    public static Problem DraftBusy(string clientId, string profileId) => new()
    {
        Status = 503,
        Code = "draft_busy",
        Title = "Draft busy",
        Detail = $"The draft of '{clientId}/{profileId}' is being changed by many writers at once and this change could not get through. Nothing was changed; retry after {Problems.Problems.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)} seconds.",
        Headers = new Dictionary<string, string> { ["Retry-After"] = Problems.Problems.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) },
    };

    public static Problem InvalidImport(string detail) => new()
    {
        Status = 400,
        Code = "invalid_import",
        Title = "Invalid import",
        Detail = detail,
    };

    public static Problem DuplicateName(string name) => new()
    {
        Status = 400,
        Code = ValidationCodes.DuplicateName,
        Title = "Duplicate name",
        Detail = $"The imported content names two servers '{name}'; give each server its own name and import again.",
    };

    /// <summary>An entry that cannot be resolved: the first error's code, every error in <c>errors</c>.</summary>
    public static Problem EntryRefused(IReadOnlyList<ValidationIssue> issues)
    {
        var errors = issues.Where(i => i.Severity == IssueSeverity.Error).ToList();
        var first = errors[0];
        var more = errors.Count > 1 ? $" ({Display.Count(errors.Count - 1)} more problem{(errors.Count > 2 ? "s" : string.Empty)} in 'errors'.)" : string.Empty;
        return new Problem
        {
            Status = first.Code == ValidationCodes.UnknownServer ? 404 : 400,
            Code = first.Code == ValidationCodes.UnknownServer ? "server_not_found" : first.Code,
            Title = Title(first.Code),
            Detail = first.Message + more,
            Extensions = new Dictionary<string, object?> { ["errors"] = errors },
        };
    }

    private static string Title(string code) => code switch
    {
        ValidationCodes.MissingParameter => "Missing parameter",
        ValidationCodes.InvalidParameter => "Invalid parameter",
        ValidationCodes.MissingEnv => "Missing environment variable",
        ValidationCodes.InvalidEnv or ValidationCodes.InvalidEnvType => "Invalid environment variable",
        ValidationCodes.ForbiddenEnvVar => "Environment variable not allowed",
        ValidationCodes.AddressNotAllowed => "Address not allowed",
        ValidationCodes.TransportNotSupported => "Transport not supported by the client",
        ValidationCodes.InvalidTools => "Invalid tool filter",
        ValidationCodes.UnknownServer => "Server not found",
        _ => "Invalid entry",
    };
}
