using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Azure.Data.Tables;

namespace McpOrchestrator.Core.Publishing.Artifacts;

/// <summary>
/// The partition of one (client, profile) in the publishing tables: <c>{clientId}:{profileId}</c>. Ids match
/// <c>^[a-z0-9][a-z0-9._-]{0,63}$</c>, so they hold no <c>:</c> and the key is unambiguous; anything else is refused
/// before a request is built. Also names the idempotency rows kept in the same partition.
/// </summary>
internal static partial class ProfilePartition
{
    public const string IdempotencyRowPrefix = "idem:";

    /// <summary>The longest idempotency key accepted (it is stored on the rows it guards).</summary>
    public const int MaxIdempotencyKeyLength = 1024;

    /// <exception cref="ArgumentException">An id does not match the id pattern.</exception>
    public static string Key(string clientId, string profileId)
    {
        Validate(clientId, nameof(clientId));
        Validate(profileId, nameof(profileId));
        return clientId + ":" + profileId;
    }

    /// <summary>The bounds of every partition of one client: <c>PartitionKey ge From and PartitionKey lt To</c>
    /// (<c>;</c> is the character after <c>:</c>).</summary>
    /// <exception cref="ArgumentException">The id does not match the id pattern.</exception>
    public static (string From, string To) ClientRange(string clientId)
    {
        Validate(clientId, nameof(clientId));
        return (clientId + ":", clientId + ";");
    }

    /// <summary>A filter on the partitions of every profile of one client, or of the profiles from <c>First</c> to
    /// <c>Last</c> (both included), and <paramref name="rows"/> (from <see cref="TableClient.CreateQueryFilter(FormattableString)"/>'s
    /// format).</summary>
    /// <exception cref="ArgumentException">An id does not match the id pattern.</exception>
    public static string RangeFilter(string clientId, (string First, string Last)? profiles, FormattableString rows)
    {
        var range = profiles is { } bounds
            ? TableClient.CreateQueryFilter($"PartitionKey ge {Key(clientId, bounds.First)} and PartitionKey le {Key(clientId, bounds.Last)}")
            : TableClient.CreateQueryFilter($"PartitionKey ge {ClientRange(clientId).From} and PartitionKey lt {ClientRange(clientId).To}");
        return $"{range} and {TableClient.CreateQueryFilter(rows)}";
    }

    /// <summary>The profile id of a partition key made by <see cref="Key"/>.</summary>
    public static string ProfileOf(string partitionKey) => partitionKey[(partitionKey.IndexOf(':', StringComparison.Ordinal) + 1)..];

    /// <summary><c>idem:</c> + lowercase hex SHA-256 of the key: fixed length and valid as a RowKey whatever the key
    /// holds (a Durable instance id may contain characters keys cannot).</summary>
    public static string IdempotencyRow(string idempotencyKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(idempotencyKey);
        if (idempotencyKey.Length > MaxIdempotencyKeyLength)
        {
            throw new ArgumentException($"An idempotency key holds at most {MaxIdempotencyKeyLength} characters.", nameof(idempotencyKey));
        }

        return IdempotencyRowPrefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(idempotencyKey)));
    }

    public static bool IsId(string? value) => value is not null && IdPattern().IsMatch(value);

    private static void Validate(string value, string name)
    {
        if (!IsId(value))
        {
            throw new ArgumentException($"'{value}' is not an id: ids match ^[a-z0-9][a-z0-9._-]{{0,63}}$.", name);
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();
}
