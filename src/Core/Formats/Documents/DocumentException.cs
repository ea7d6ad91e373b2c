namespace McpOrchestrator.Core.Formats.Documents;

/// <summary>Thrown by a reader when text is not well-formed in its syntax; <see cref="Reason"/> says what was found
/// in words a user can act on. Turned into an <c>invalid_import</c> problem at the edge of
/// <see cref="NativeConfigFormats"/>.</summary>
internal sealed class DocumentException(string reason, TextPosition position) : Exception(reason)
{
    public string Reason { get; } = reason;

    public TextPosition Position { get; } = position;
}
