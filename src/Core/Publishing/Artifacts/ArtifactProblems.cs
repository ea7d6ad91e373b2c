using System.Globalization;
using McpOrchestrator.Core.Problems;

namespace McpOrchestrator.Core.Publishing.Artifacts;

/// <summary>The problems of artifacts: 404 <c>version_not_found</c> and <c>nothing_published</c>, 413
/// <c>payload_too_large</c>, 400 <c>changelog_too_long</c>, 409 <c>idempotency_key_reused</c>.</summary>
public static class ArtifactProblems
{
    public static Problem VersionNotFound(string clientId, string profileId, int version, int? latestVersion) => new()
    {
        Status = 404,
        Code = "version_not_found",
        Title = "Version not found",
        Detail = latestVersion is { } latest
            ? $"{clientId}/{profileId} has no version {version.ToString(CultureInfo.InvariantCulture)}: its versions are 1 to {latest.ToString(CultureInfo.InvariantCulture)}. GET /v1/config/{clientId}/{profileId}/history lists them."
            : $"{clientId}/{profileId} has no version {version.ToString(CultureInfo.InvariantCulture)}: nothing has been published for it yet. Publish with POST /v1/config/{clientId}/{profileId}/publish first.",
        Extensions = new Dictionary<string, object?> { ["version"] = version, ["latestVersion"] = latestVersion },
    };

    public static Problem NothingPublished(string clientId, string profileId) => new()
    {
        Status = 404,
        Code = "nothing_published",
        Title = "Nothing published",
        Detail = $"Nothing has been published for {clientId}/{profileId} yet, so there is no version to deploy. Publish with POST /v1/config/{clientId}/{profileId}/publish first.",
    };

    internal static Problem PayloadTooLarge(int bytes, int limit) => new()
    {
        Status = 413,
        Code = "payload_too_large",
        Title = "Payload too large",
        Detail = $"The configuration is {bytes.ToString("N0", CultureInfo.InvariantCulture)} bytes in canonical JSON; an artifact holds at most {limit.ToString("N0", CultureInfo.InvariantCulture)}. Remove servers from the draft or split it across profiles.",
    };

    internal static Problem ValidationSummaryTooLarge(int bytes, int limit) => new()
    {
        Status = 413,
        Code = "payload_too_large",
        Title = "Payload too large",
        Detail = $"The validation summary is {bytes.ToString("N0", CultureInfo.InvariantCulture)} bytes in canonical JSON; an artifact keeps at most {limit.ToString("N0", CultureInfo.InvariantCulture)}. Keep counts and codes, not whole reports.",
    };

    internal static Problem ChangelogTooLong(int length, int limit) => new()
    {
        Status = 400,
        Code = "changelog_too_long",
        Title = "Changelog too long",
        Detail = $"The changelog has {length.ToString(CultureInfo.InvariantCulture)} characters; shorten it to at most {limit.ToString(CultureInfo.InvariantCulture)}.",
    };

    internal static Problem IdempotencyKeyReused(string clientId, string profileId, int version) => new()
    {
        Status = 409,
        Code = "idempotency_key_reused",
        Title = "Idempotency key reused",
        Detail = $"This idempotency key already published version {version.ToString(CultureInfo.InvariantCulture)} of {clientId}/{profileId} with a different payload. Use a new key (a new pipeline instance) for a new publish.",
        Extensions = new Dictionary<string, object?> { ["version"] = version },
    };
}
