using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure.Core;
using Azure.Core.Pipeline;

namespace McpOrchestrator.Core.Storage;

/// <summary>
/// Signs each Table service request with the account key (SharedKeyLite): sets <c>x-ms-date</c> from the injected
/// clock and <c>Authorization: SharedKeyLite {account}:{signature}</c> over the date and the canonicalized resource.
/// Runs per retry so that every attempt carries a fresh date.
/// </summary>
public sealed class SharedKeyLitePolicy : HttpPipelineSynchronousPolicy
{
    private readonly string _accountName;
    private readonly byte[] _accountKey;
    private readonly TimeProvider _timeProvider;

    /// <param name="accountName">The storage account name.</param>
    /// <param name="accountKey">The decoded (binary) account key.</param>
    /// <param name="timeProvider">The clock that dates requests.</param>
    public SharedKeyLitePolicy(string accountName, byte[] accountKey, TimeProvider timeProvider)
    {
        ArgumentException.ThrowIfNullOrEmpty(accountName);
        ArgumentNullException.ThrowIfNull(accountKey);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _accountName = accountName;
        _accountKey = accountKey.ToArray();
        _timeProvider = timeProvider;
    }

    /// <inheritdoc />
    public override void OnSendingRequest(HttpMessage message)
    {
        var date = _timeProvider.GetUtcNow().ToString("r", CultureInfo.InvariantCulture);
        message.Request.Headers.SetValue("x-ms-date", date);
        var stringToSign = StringToSign(date, _accountName, message.Request.Uri.Path, message.Request.Uri.Query);
        message.Request.Headers.SetValue("Authorization", $"SharedKeyLite {_accountName}:{Sign(stringToSign)}");
    }

    /// <summary>
    /// <c>{date}\n/{account}{encoded path as sent}[?comp={value}]</c>. For path-style endpoints (Azurite) the account
    /// appears twice, e.g. <c>/devstoreaccount1/devstoreaccount1/Tables</c>.
    /// </summary>
    internal static string StringToSign(string date, string accountName, string encodedPath, string query)
    {
        var resource = new StringBuilder(date.Length + accountName.Length + encodedPath.Length + 16)
            .Append(date).Append('\n')
            .Append('/').Append(accountName)
            .Append(string.IsNullOrEmpty(encodedPath) ? "/" : encodedPath);

        foreach (var pair in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var separator = pair.IndexOf('=', StringComparison.Ordinal);
            var name = separator < 0 ? pair : pair[..separator];
            if (string.Equals(name, "comp", StringComparison.OrdinalIgnoreCase))
            {
                resource.Append("?comp=").Append(separator < 0 ? string.Empty : pair[(separator + 1)..]);
                break;
            }
        }

        return resource.ToString();
    }

    /// <summary>Base64 HMAC-SHA256 of the UTF-8 string to sign under the account key.</summary>
    internal string Sign(string stringToSign) =>
        Convert.ToBase64String(HMACSHA256.HashData(_accountKey, Encoding.UTF8.GetBytes(stringToSign)));
}
