namespace McpOrchestrator.Core.Mcp;

/// <summary>Replaces known sensitive values (a server's env and header values) with <c>***</c> in text that came
/// from the server or the SDK (stderr lines, error messages), before it is logged or returned. Values shorter than
/// <see cref="MinimumLength"/> characters are left alone: hiding every "1" or "true" would garble messages and
/// protect nothing.</summary>
public sealed class SecretRedactor
{
    public const int MinimumLength = 4;
    public const string Mask = "***";

    private readonly Lock _gate = new();
    private string[] _values = [];

    public void Add(string value)
    {
        if (value.Length < MinimumLength)
        {
            return;
        }

        lock (_gate)
        {
            if (!_values.Contains(value, StringComparer.Ordinal))
            {
                // Longest first, so a value that contains another is masked whole.
                _values = [.. _values.Append(value).OrderByDescending(v => v.Length)];
            }
        }
    }

    public string Redact(string text)
    {
        var values = Volatile.Read(ref _values);
        foreach (var value in values)
        {
            if (text.Contains(value, StringComparison.Ordinal))
            {
                text = text.Replace(value, Mask, StringComparison.Ordinal);
            }
        }

        return text;
    }
}
