namespace McpOrchestrator.Core.Drafts;

/// <summary>One requested change to a draft, applied to a <see cref="WorkingDraft"/> by
/// <see cref="DraftCommitter"/>: it is applied, refused with a problem, or deferred to the next transaction.</summary>
internal abstract class DraftChange
{
    public const int MaxEntries = 500;

    public abstract ChangeOutcome Apply(WorkingDraft draft, DateTimeOffset now);

    public sealed class Add(DraftEntry entry, string json) : DraftChange
    {
        public override ChangeOutcome Apply(WorkingDraft draft, DateTimeOffset now)
        {
            if (draft.Entries.ContainsKey(entry.Name))
            {
                return ChangeOutcome.Refuse(DraftProblems.DuplicateServerName(draft.ClientId, draft.ProfileId, entry.Name));
            }

            if (draft.Entries.Count >= MaxEntries)
            {
                return ChangeOutcome.Refuse(DraftProblems.DraftFull(draft.ClientId, draft.ProfileId, MaxEntries));
            }

            return draft.TryAdd(entry, json, now) ? ChangeOutcome.Done(entry) : ChangeOutcome.Defer;
        }
    }

    public sealed class Remove(string name) : DraftChange
    {
        public override ChangeOutcome Apply(WorkingDraft draft, DateTimeOffset now)
        {
            if (!draft.Entries.TryGetValue(name, out var entry))
            {
                return ChangeOutcome.Refuse(DraftProblems.EntryNotFound(draft.ClientId, draft.ProfileId, name));
            }

            return draft.TryRemove(name) ? ChangeOutcome.Done(entry) : ChangeOutcome.Defer;
        }
    }

    public sealed class Clear : DraftChange
    {
        public override ChangeOutcome Apply(WorkingDraft draft, DateTimeOffset now)
        {
            var removed = draft.Entries.Count;
            if (removed == 0)
            {
                return ChangeOutcome.Done(0);
            }

            draft.Clear();
            return ChangeOutcome.Done(removed);
        }
    }
}
