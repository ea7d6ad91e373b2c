using System.Text;
using McpOrchestrator.Core.Problems;
using McpOrchestrator.Core.Signing;

namespace McpOrchestrator.Core.Paging;

/// <summary>
/// The opaque cursor of a list page: unpadded base64url of <c>1:{list}:{key}</c>, where <c>1</c> is the format
/// version, <c>list</c> names the list that handed it out and <c>key</c> is the position after which the next page
/// starts (the last key of the page before). A cursor is a position, not a credential: reading one is checked
/// (version, list, and the key's shape, by the list's own rule) and anything else is 400 <c>invalid_cursor</c>.
/// </summary>
public static class PageCursor
{
    /// <summary>Longest cursor accepted, in characters.</summary>
    public const int MaxLength = 1024;

    private const string Version = "1";

    public static string Write(string list, string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(list);
        ArgumentNullException.ThrowIfNull(key);
        return Base64UrlText.Encode(Encoding.UTF8.GetBytes($"{Version}:{list}:{key}"));
    }

    /// <summary>The key of <paramref name="cursor"/>, or null when there is none (the first page).</summary>
    /// <exception cref="ProblemException">400 <c>invalid_cursor</c>.</exception>
    public static string? Read(string? cursor, string list, Func<string, bool> isValidKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(list);
        ArgumentNullException.ThrowIfNull(isValidKey);
        if (cursor is null)
        {
            return null;
        }

        var bytes = cursor.Length is > 0 and <= MaxLength ? Base64UrlText.TryDecode(cursor) : null;
        string? text = null;
        if (bytes is not null)
        {
            try
            {
                text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
            }
            catch (DecoderFallbackException)
            {
                text = null;
            }
        }

        var prefix = $"{Version}:{list}:";
        if (text is null || !text.StartsWith(prefix, StringComparison.Ordinal) || !isValidKey(text[prefix.Length..]))
        {
            throw new ProblemException(PagingProblems.InvalidCursor(list));
        }

        return text[prefix.Length..];
    }
}
