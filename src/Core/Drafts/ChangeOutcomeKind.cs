namespace McpOrchestrator.Core.Drafts;

internal enum ChangeOutcomeKind
{
    Applied,
    Refused,
    Deferred,
}
