using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using McpOrchestrator.Core.Problems;
using McpOrchestrator.Core.Profiles;
using McpOrchestrator.Core.Registry;

namespace McpOrchestrator.Core.Drafts;

/// <summary>
/// Commits draft changes. Changes to one draft that arrive together on this instance are applied in arrival order to
/// one read of the draft and committed as one entity group transaction (group commit): a hundred concurrent adds cost
/// a few transactions, not a hundred rounds of conflicts. Every transaction updates the draft's header row on the
/// condition of its storage ETag, so a change made meanwhile by another instance (or a profile edit) makes it fail
/// whole; the batch is then re-read and re-applied. A change carrying If-Match is refused with 412
/// <c>draft_conflict</c> when the draft it would apply to is not the one the caller read.
/// </summary>
internal sealed class DraftCommitter(ProfileStore store, TimeProvider clock)
{
    private const int MaxAttempts = 64;

    private readonly ConcurrentDictionary<(string Client, string Profile), Lane> _lanes = new();

    /// <summary>Queues <paramref name="change"/> and completes when it is committed or refused.</summary>
    public Task<DraftCommit> SubmitAsync(string client, string profile, DraftChange change, string? ifMatch, CancellationToken cancellationToken)
    {
        var pending = new Pending(change, ifMatch, cancellationToken);
        while (true)
        {
            var lane = _lanes.GetOrAdd((client, profile), key => new Lane(key));
            lock (lane.Gate)
            {
                if (lane.Retired)
                {
                    continue;
                }

                lane.Queue.Add(pending);
                if (!lane.Running)
                {
                    lane.Running = true;
                    _ = Task.Run(() => RunAsync(lane), CancellationToken.None);
                }
            }

            return pending.Completion.Task;
        }
    }

    /// <summary>
    /// Replaces the whole entry set (import): <paramref name="plan"/> computes the new entries from the current draft;
    /// they are written under a new generation, invisible until one conditional header update switches the draft to
    /// them, so a replacement of any size is all-or-nothing. Retried on conflicts like any change.
    /// </summary>
    public async Task<(DraftCommit Commit, T Result)> ReplaceAsync<T>(
        string client,
        string profile,
        Func<DraftState, (IReadOnlyList<DraftEntry> Entries, T Result)> plan,
        string? ifMatch,
        CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var state = await ReadAsync(client, profile, cancellationToken);
            if (!state.ProfileExists)
            {
                throw new ProblemException(ProfileProblems.ProfileNotFound(client, profile));
            }

            if (ifMatch is not null && !ETagMatches(ifMatch, state.ETag))
            {
                throw new ProblemException(DraftProblems.DraftConflict(client, profile, state.ETag));
            }

            var (entries, result) = plan(state);
            if (entries.Count > DraftChange.MaxEntries)
            {
                throw new ProblemException(DraftProblems.DraftFull(client, profile, DraftChange.MaxEntries));
            }

            var now = clock.GetUtcNow();
            var generation = ProfileStore.NewGeneration();
            var version = state.Version + 1;
            try
            {
                await WriteGenerationAsync(client, profile, generation, entries, now, cancellationToken);
                var header = new TableEntity(client, ProfileStore.HeaderKey(profile))
                {
                    ["Generation"] = generation,
                    ["Version"] = version,
                    ["EntryCount"] = entries.Count,
                    ["DraftUpdatedAt"] = now,
                };
                if (state.Header is null)
                {
                    header["CreatedAt"] = now;
                    header["UpdatedAt"] = now;
                    await store.AddAsync(header, cancellationToken);
                }
                else
                {
                    await store.UpdateAsync(header, state.Header.ETag, cancellationToken);
                }
            }
            catch (RequestFailedException e) when (e.Status is 404 or 409 or 412)
            {
                await store.DeleteGenerationsAsync(client, profile, [generation], CancellationToken.None);
                continue;
            }
            catch
            {
                await store.DeleteGenerationsAsync(client, profile, [generation], CancellationToken.None);
                throw;
            }

            if (state.Generation is not null)
            {
                await store.DeleteGenerationsAsync(client, profile, [state.Generation], CancellationToken.None);
            }

            return (new DraftCommit(DraftState.MakeETag(generation, version), version, null), result);
        }

        throw new ProblemException(DraftProblems.DraftBusy(client, profile));
    }

    public async Task<DraftState> ReadAsync(string client, string profile, CancellationToken cancellationToken)
    {
        var (header, rows) = await store.ReadDraftAsync(client, profile, cancellationToken);
        return DraftState.From(client, profile, header, rows);
    }

    /// <summary>If-Match semantics: <c>*</c> matches any draft; otherwise one of the comma-separated quoted ETags must
    /// equal the current one (strong comparison, so a weak <c>W/"…"</c> never matches).</summary>
    public static bool ETagMatches(string ifMatch, string current)
    {
        var trimmed = ifMatch.Trim();
        return trimmed == "*" || trimmed.Split(',').Any(candidate => string.Equals(candidate.Trim(), current, StringComparison.Ordinal));
    }

    private async Task WriteGenerationAsync(string client, string profile, string generation, IReadOnlyList<DraftEntry> entries, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var batch = new List<TableTransactionAction>();
        var chars = 0;
        foreach (var entry in entries)
        {
            var row = new TableEntity(client, ProfileStore.EntryKey(profile, generation, entry.Name)) { ["AddedAt"] = now };
            StorageJson.Write(row, entry);
            var size = ((IDictionary<string, object>)row).Values.OfType<string>().Sum(s => s.Length);
            if (batch.Count == 100 || (batch.Count > 0 && chars + size > WorkingDraft.MaxChars))
            {
                await store.SubmitAsync(batch, cancellationToken);
                batch = [];
                chars = 0;
            }

            batch.Add(new TableTransactionAction(TableTransactionActionType.Add, row));
            chars += size;
        }

        if (batch.Count > 0)
        {
            await store.SubmitAsync(batch, cancellationToken);
        }
    }

    private async Task RunAsync(Lane lane)
    {
        while (true)
        {
            List<Pending> batch;
            lock (lane.Gate)
            {
                foreach (var cancelled in lane.Queue.Where(p => p.CancellationToken.IsCancellationRequested).ToList())
                {
                    lane.Queue.Remove(cancelled);
                    cancelled.Completion.TrySetCanceled(cancelled.CancellationToken);
                }

                if (lane.Queue.Count == 0)
                {
                    lane.Running = false;
                    lane.Retired = true;
                    _lanes.TryRemove(KeyValuePair.Create(lane.Key, lane));
                    return;
                }

                batch = [.. lane.Queue.Take(WorkingDraft.MaxActions)];
            }

            IReadOnlyCollection<Pending> finished;
            try
            {
                finished = await CommitAsync(lane.Key.Client, lane.Key.Profile, batch);
            }
            catch (Exception e)
            {
                foreach (var pending in batch)
                {
                    pending.Completion.TrySetException(e);
                }

                finished = batch;
            }

            lock (lane.Gate)
            {
                lane.Queue.RemoveAll(finished.Contains);
            }
        }
    }

    /// <summary>Applies the batch to a fresh read and commits it; returns the changes that are finished (committed or
    /// refused). Deferred ones stay queued.</summary>
    private async Task<IReadOnlyCollection<Pending>> CommitAsync(string client, string profile, List<Pending> batch)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var state = await ReadAsync(client, profile, CancellationToken.None);
            var work = new WorkingDraft(state);
            var now = clock.GetUtcNow();
            var outcomes = new List<(Pending Pending, ChangeOutcome Outcome)>();
            foreach (var pending in batch)
            {
                var outcome = !state.ProfileExists
                    ? ChangeOutcome.Refuse(ProfileProblems.ProfileNotFound(client, profile))
                    : pending.IfMatch is not null && !ETagMatches(pending.IfMatch, work.ETag)
                        ? ChangeOutcome.Refuse(DraftProblems.DraftConflict(client, profile, work.ETag))
                        : pending.Change.Apply(work, now);
                outcomes.Add((pending, outcome));
            }

            if (work.Changed)
            {
                try
                {
                    await store.SubmitAsync(work.Actions(now), CancellationToken.None);
                }
                catch (TableTransactionFailedException e) when (e.Status is 404 or 409 or 412)
                {
                    continue;
                }
            }

            var finished = new List<Pending>();
            foreach (var (pending, outcome) in outcomes)
            {
                switch (outcome.Kind)
                {
                    case ChangeOutcomeKind.Applied:
                        pending.Completion.TrySetResult(new DraftCommit(work.ETag, work.Version, outcome.Result));
                        finished.Add(pending);
                        break;
                    case ChangeOutcomeKind.Refused:
                        pending.Completion.TrySetException(new ProblemException(outcome.Problem!));
                        finished.Add(pending);
                        break;
                }
            }

            if (work.RetiredGenerations.Count > 0)
            {
                await store.DeleteGenerationsAsync(client, profile, work.RetiredGenerations, CancellationToken.None);
            }

            return finished;
        }

        var busy = new ProblemException(DraftProblems.DraftBusy(client, profile));
        foreach (var pending in batch)
        {
            pending.Completion.TrySetException(busy);
        }

        return batch;
    }

    private sealed class Lane((string Client, string Profile) key)
    {
        public (string Client, string Profile) Key { get; } = key;

        public Lock Gate { get; } = new();

        public List<Pending> Queue { get; } = [];

        public bool Running { get; set; }

        public bool Retired { get; set; }
    }

    private sealed class Pending(DraftChange change, string? ifMatch, CancellationToken cancellationToken)
    {
        public DraftChange Change { get; } = change;

        public string? IfMatch { get; } = ifMatch;

        public CancellationToken CancellationToken { get; } = cancellationToken;

        public TaskCompletionSource<DraftCommit> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
