using System.Globalization;
using System.Text.Json;
using Azure;
using McpOrchestrator.Core.Storage;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace McpOrchestrator.LocalRuntime.Durable;

/// <summary>The engine's state in Table Storage: one partition of <see cref="DurableKeys.TableName"/> per task hub
/// (row layout in <see cref="DurableKeys"/>). Every write that must not race is conditional on an ETag, and every
/// change that must be all-or-nothing is one entity group transaction.</summary>
internal sealed class DurableStore
{
    private const int MaxTransactionActions = 100;
    private const int HistoryPartLength = 240_000;
    private static readonly DateTimeOffset NoLease = new(1601, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly TableClient _table;
    private volatile bool _tableReady;

    public DurableStore(TableServiceClient tables, string hubName)
    {
        _table = tables.GetTableClient(DurableKeys.TableName);
        Hub = hubName;
    }

    public string Hub { get; }

    /// <summary>Creates the table on first use (creating it twice is harmless); a failure (storage down) is retried by the next call.</summary>
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken = default)
    {
        if (!_tableReady)
        {
            await _table.CreateIfNotExistsAsync(cancellationToken);
            _tableReady = true;
        }
    }

    public async Task<InstanceRecord?> GetInstanceAsync(string instanceId, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken);
        var entity = await _table.GetEntityIfExistsAsync(Hub, DurableKeys.Instance(instanceId), cancellationToken);
        return entity is null ? null : ReadInstance(entity);
    }

    /// <summary>Creates a Pending instance and its wake-up row at <paramref name="startAt"/> in one transaction. An
    /// instance that already exists is replaced when it has ended; otherwise the call fails.</summary>
    public async Task<WakeRow> CreateInstanceAsync(string instanceId, string name, string? input, DateTimeOffset now, DateTimeOffset startAt, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken);
        var existing = await GetInstanceAsync(instanceId, cancellationToken);
        if (existing is not null)
        {
            if (!existing.IsTerminal)
            {
                throw new InvalidOperationException(
                    $"An orchestration with instance id '{instanceId}' already exists and is {existing.Status}. Use another instance id, or wait until it has ended.");
            }

            await PurgeAsync(instanceId, cancellationToken);
        }

        var instance = new TableEntity(Hub, DurableKeys.Instance(instanceId))
        {
            ["InstanceId"] = instanceId,
            ["Name"] = name,
            ["Status"] = nameof(OrchestrationRuntimeStatus.Pending),
            ["CreatedAt"] = now,
            ["LastUpdatedAt"] = now,
            ["Episodes"] = 0,
            ["LeaseOwner"] = string.Empty,
            ["LeaseUntil"] = NoLease,
            ["Undispatched"] = string.Empty,
        };
        LargeText.Write(instance, "Input", input);
        LargeText.Write(instance, "Output", null);
        LargeText.Write(instance, "CustomStatus", null);
        try
        {
            var etags = await _table.SubmitTransactionAsync(
            [
                new TableTransactionAction(TableTransactionActionType.Add, instance),
                new TableTransactionAction(TableTransactionActionType.UpsertReplace, WakeEntity(instanceId, startAt)),
            ], cancellationToken);
            return new WakeRow(instanceId, startAt, etags[1]);
        }
        catch (TableTransactionFailedException e) when (e.Status == 409)
        {
            throw new InvalidOperationException($"An orchestration with instance id '{instanceId}' was created at the same time by another caller.", e);
        }
    }

    /// <summary>Every wake-up row of the hub (due or not): the instances that need a step now or at a later time.</summary>
    public async Task<IReadOnlyList<WakeRow>> GetWakeRowsAsync(CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken);
        var rows = new List<WakeRow>();
        await foreach (var entity in _table.QueryAsync(PrefixFilter(DurableKeys.WakePrefix), cancellationToken: cancellationToken))
        {
            rows.Add(new WakeRow(entity.GetString("InstanceId")!, entity.GetDateTimeOffset("VisibleAt") ?? NoLease, entity.ETag));
        }

        return rows;
    }

    /// <summary>Activity work items nobody holds (never claimed, or their lease expired before <paramref name="now"/>).</summary>
    public async Task<IReadOnlyList<ActivityWorkItem>> GetRunnableActivitiesAsync(DateTimeOffset now, int max, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken);
        var filter = TableFilter.Create(
            $"PartitionKey eq {Hub} and RowKey ge {DurableKeys.ActivityPrefix} and RowKey lt {DurableKeys.PrefixEnd(DurableKeys.ActivityPrefix)} and LeaseUntil le {now}");
        var items = new List<ActivityWorkItem>();
        await foreach (var entity in _table.QueryAsync(filter, cancellationToken: cancellationToken))
        {
            items.Add(ReadActivity(entity));
            if (items.Count >= max)
            {
                break;
            }
        }

        return items;
    }

    /// <summary>Takes the instance's lease if nobody holds it; returns the instance row's new ETag, or null when
    /// another host holds it or took it first.</summary>
    public async Task<ETag?> TryClaimInstanceAsync(InstanceRecord instance, string owner, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken)
    {
        if (instance.IsLeasedAt(now))
        {
            return null;
        }

        var claim = new TableEntity(Hub, DurableKeys.Instance(instance.InstanceId)) { ["LeaseOwner"] = owner, ["LeaseUntil"] = now + lease };
        try
        {
            return await _table.UpdateEntityAsync(claim, instance.ETag, TableUpdateMode.Merge, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status is 412 or 404)
        {
            return null;
        }
    }

    /// <summary>Extends a held lease; null when it was lost (the row changed under it).</summary>
    public async Task<ETag?> RenewInstanceLeaseAsync(string instanceId, ETag etag, DateTimeOffset until, CancellationToken cancellationToken)
    {
        var renewal = new TableEntity(Hub, DurableKeys.Instance(instanceId)) { ["LeaseUntil"] = until };
        try
        {
            return await _table.UpdateEntityAsync(renewal, etag, TableUpdateMode.Merge, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status is 412 or 404)
        {
            return null;
        }
    }

    /// <summary>Gives up a held lease without a step (nothing new, shutdown, or a step that could not run); with
    /// <paramref name="clearUndispatched"/>, also records that the last step's work items are all written.</summary>
    public async Task ReleaseInstanceLeaseAsync(string instanceId, ETag etag, CancellationToken cancellationToken, bool clearUndispatched = false)
    {
        var release = new TableEntity(Hub, DurableKeys.Instance(instanceId)) { ["LeaseOwner"] = string.Empty, ["LeaseUntil"] = NoLease };
        if (clearUndispatched)
        {
            release["Undispatched"] = string.Empty;
        }

        try
        {
            await _table.UpdateEntityAsync(release, etag, TableUpdateMode.Merge, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status is 412 or 404)
        {
            // Someone else holds it now, or it is gone: nothing of ours to release.
        }
    }

    /// <summary>The instance row, its history in order and its pending messages, in one range query.</summary>
    public async Task<InstanceState?> LoadAsync(string instanceId, CancellationToken cancellationToken)
    {
        InstanceRecord? instance = null;
        var chunks = new List<(string RowKey, string Json)>();
        var messages = new List<InstanceMessage>();
        var prefix = DurableKeys.InstancePrefix(instanceId);
        await foreach (var entity in _table.QueryAsync(PrefixFilter(prefix), cancellationToken: cancellationToken))
        {
            var suffix = entity.RowKey[prefix.Length..];
            if (suffix == "$")
            {
                instance = ReadInstance(entity);
            }
            else if (suffix.StartsWith('h'))
            {
                chunks.Add((entity.RowKey, LargeText.Read(entity, "Events") ?? "[]"));
            }
            else if (suffix.StartsWith('m'))
            {
                messages.Add(ReadMessage(entity));
            }
        }

        if (instance is null)
        {
            return null;
        }

        var history = new List<HistoryEvent>();
        foreach (var (_, json) in chunks.OrderBy(c => c.RowKey, StringComparer.Ordinal))
        {
            history.AddRange(JsonSerializer.Deserialize<List<HistoryEvent>>(json, DurableJson.StateOptions) ?? []);
        }

        return new InstanceState(instance, history, [.. messages.OrderBy(m => m.ArrivedAt).ThenBy(m => m.RowKey, StringComparer.Ordinal)]);
    }

    /// <summary>Writes a step. Normally one transaction: the history row(s), the instance row (conditional on the
    /// lease's ETag, releasing the lease), the applied messages' deletion and the new activity work items. A step that
    /// needs more than one transaction commits its history first with the lease kept and the activities listed as
    /// undispatched, then writes the work items, then releases the lease. Not committed when the lease was lost (another
    /// host took the instance over): nothing of the step was written.</summary>
    public async Task<CommitResult> CommitAsync(EpisodeCommit commit, CancellationToken cancellationToken)
    {
        var instanceId = commit.Instance.InstanceId;
        var episode = commit.Instance.Episodes + 1;
        var actions = new List<TableTransactionAction>();
        var json = JsonSerializer.Serialize(commit.NewHistory, DurableJson.StateOptions);
        var parts = Math.Max(1, (json.Length + HistoryPartLength - 1) / HistoryPartLength);
        for (var part = 0; part < parts; part++)
        {
            var start = part * HistoryPartLength;
            var row = new TableEntity(Hub, DurableKeys.History(instanceId, episode, part)) { ["Count"] = commit.NewHistory.Count };
            LargeText.Write(row, "Events", json.Substring(start, Math.Min(HistoryPartLength, json.Length - start)));
            actions.Add(new TableTransactionAction(TableTransactionActionType.Add, row));
        }

        var activities = commit.ScheduledActivities.Select(a => new TableTransactionAction(
            TableTransactionActionType.Add, ActivityEntity(instanceId, a.TaskId!.Value, a.Name!, a.Data))).ToList();
        var split = actions.Count + 1 + commit.AppliedMessages.Count + activities.Count > MaxTransactionActions;
        var instance = InstanceUpdate(commit, episode, split);
        actions.Add(new TableTransactionAction(TableTransactionActionType.UpdateMerge, instance, commit.LeaseETag));
        var instanceIndex = actions.Count - 1;
        actions.AddRange(commit.AppliedMessages.Select(key => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(Hub, key), ETag.All)));
        if (!split)
        {
            actions.AddRange(activities);
        }

        IReadOnlyList<ETag> etags;
        try
        {
            etags = await _table.SubmitTransactionAsync(actions, cancellationToken);
        }
        catch (TableTransactionFailedException e) when (e.Status is 409 or 412)
        {
            return new CommitResult(false, []);
        }

        if (split)
        {
            await AddActivitiesAsync(activities.Select(a => a.Entity), cancellationToken);
            var release = new TableEntity(Hub, DurableKeys.Instance(instanceId))
            {
                ["LeaseOwner"] = string.Empty,
                ["LeaseUntil"] = NoLease,
                ["Undispatched"] = string.Empty,
            };
            try
            {
                await _table.UpdateEntityAsync(release, etags[instanceIndex], TableUpdateMode.Merge, cancellationToken);
            }
            catch (RequestFailedException e) when (e.Status is 412 or 404)
            {
                // Taken over meanwhile; the new holder finishes the dispatch from the Undispatched list.
            }

            return new CommitResult(true, []);
        }

        var first = actions.Count - activities.Count;
        return new CommitResult(true, [.. commit.ScheduledActivities.Select((a, i) =>
            new ActivityWorkItem(instanceId, a.TaskId!.Value, a.Name!, a.Data, string.Empty, NoLease, etags[first + i]))]);
    }

    /// <summary>Writes activity work items that may already exist (an interrupted large step), skipping existing ones.</summary>
    public async Task AddActivitiesAsync(IEnumerable<TableEntity> items, CancellationToken cancellationToken)
    {
        foreach (var batch in items.Chunk(MaxTransactionActions))
        {
            try
            {
                await _table.SubmitTransactionAsync(batch.Select(e => new TableTransactionAction(TableTransactionActionType.Add, e)), cancellationToken);
            }
            catch (TableTransactionFailedException e) when (e.Status == 409)
            {
                foreach (var item in batch)
                {
                    try
                    {
                        await _table.AddEntityAsync(item, cancellationToken);
                    }
                    catch (RequestFailedException conflict) when (conflict.Status == 409)
                    {
                        // Already written.
                    }
                }
            }
        }
    }

    public TableEntity ActivityEntity(string instanceId, int taskId, string name, string? input)
    {
        var entity = new TableEntity(Hub, DurableKeys.Activity(instanceId, taskId))
        {
            ["InstanceId"] = instanceId,
            ["TaskId"] = taskId,
            ["Name"] = name,
            ["LeaseOwner"] = string.Empty,
            ["LeaseUntil"] = NoLease,
        };
        LargeText.Write(entity, "Input", input);
        return entity;
    }

    /// <summary>Moves the wake-up row to <paramref name="next"/>, or deletes it when null — unless it changed since it
    /// was read (a new message woke the instance again), in which case it stays due and false is returned.</summary>
    public async Task<bool> RescheduleWakeAsync(WakeRow row, DateTimeOffset? next, CancellationToken cancellationToken)
    {
        try
        {
            if (next is { } at)
            {
                await _table.UpdateEntityAsync(WakeEntity(row.InstanceId, at), row.ETag, TableUpdateMode.Replace, cancellationToken);
            }
            else
            {
                await _table.DeleteEntityAsync(Hub, DurableKeys.Wake(row.InstanceId), row.ETag, cancellationToken);
            }

            return true;
        }
        catch (RequestFailedException e) when (e.Status is 412 or 404)
        {
            return false;
        }
    }

    /// <summary>Deletes the wake-up row and the messages of an instance that has ended or no longer exists.</summary>
    public async Task DiscardPendingAsync(string instanceId, IEnumerable<string> messageKeys, CancellationToken cancellationToken)
    {
        foreach (var key in messageKeys)
        {
            await _table.DeleteEntityAsync(Hub, key, ETag.All, cancellationToken);
        }

        await _table.DeleteEntityAsync(Hub, DurableKeys.Wake(instanceId), ETag.All, cancellationToken);
    }

    /// <summary>Takes an activity work item; returns its new ETag, or null when another host took it first.</summary>
    public async Task<ETag?> TryClaimActivityAsync(ActivityWorkItem item, string owner, DateTimeOffset until, CancellationToken cancellationToken)
    {
        var claim = new TableEntity(Hub, DurableKeys.Activity(item.InstanceId, item.TaskId)) { ["LeaseOwner"] = owner, ["LeaseUntil"] = until };
        try
        {
            return await _table.UpdateEntityAsync(claim, item.ETag, TableUpdateMode.Merge, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status is 412 or 404)
        {
            return null;
        }
    }

    public async Task<ETag?> RenewActivityLeaseAsync(ActivityWorkItem item, ETag etag, DateTimeOffset until, CancellationToken cancellationToken)
    {
        var renewal = new TableEntity(Hub, DurableKeys.Activity(item.InstanceId, item.TaskId)) { ["LeaseUntil"] = until };
        try
        {
            return await _table.UpdateEntityAsync(renewal, etag, TableUpdateMode.Merge, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status is 412 or 404)
        {
            return null;
        }
    }

    /// <summary>Returns an activity work item unfinished (shutdown), so that any host runs it again at once.</summary>
    public async Task ReleaseActivityAsync(ActivityWorkItem item, ETag etag, CancellationToken cancellationToken)
    {
        var release = new TableEntity(Hub, DurableKeys.Activity(item.InstanceId, item.TaskId)) { ["LeaseOwner"] = string.Empty, ["LeaseUntil"] = NoLease };
        try
        {
            await _table.UpdateEntityAsync(release, etag, TableUpdateMode.Merge, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status is 412 or 404)
        {
            // No longer ours.
        }
    }

    /// <summary>Records an activity's outcome in one transaction: the result message for its instance, the instance's
    /// wake-up, and the deletion of the work item (conditional on the lease's ETag). Once this succeeds the activity
    /// never runs again. Returns the wake-up row as written, or null when the lease was lost and another host runs it.</summary>
    public async Task<WakeRow?> CompleteActivityAsync(ActivityWorkItem item, ETag etag, string? result, TaskFailureDetails? failure, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var message = new TableEntity(Hub, DurableKeys.ActivityResult(item.InstanceId, item.TaskId))
        {
            ["Kind"] = nameof(MessageKind.ActivityResult),
            ["ArrivedAt"] = now,
            ["TaskId"] = item.TaskId,
            ["Name"] = item.Name,
        };
        LargeText.Write(message, "Data", result);
        if (failure is not null)
        {
            message["Failure"] = JsonSerializer.Serialize(failure, DurableJson.StateOptions);
        }

        try
        {
            var etags = await _table.SubmitTransactionAsync(
            [
                new TableTransactionAction(TableTransactionActionType.UpsertReplace, message),
                new TableTransactionAction(TableTransactionActionType.UpsertReplace, WakeEntity(item.InstanceId, now)),
                new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(Hub, DurableKeys.Activity(item.InstanceId, item.TaskId)), etag),
            ], cancellationToken);
            return new WakeRow(item.InstanceId, now, etags[1]);
        }
        catch (TableTransactionFailedException e) when (e.Status is 412 or 404)
        {
            return null;
        }
    }

    /// <summary>Stores an external event or terminate request for the instance and wakes it, in one transaction;
    /// returns the wake-up row as written.</summary>
    public async Task<WakeRow> SendAsync(string instanceId, MessageKind kind, string? name, string? data, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var key = kind == MessageKind.Terminate ? DurableKeys.Terminate(instanceId, now) : DurableKeys.ExternalEvent(instanceId, now);
        var message = new TableEntity(Hub, key) { ["Kind"] = kind.ToString(), ["ArrivedAt"] = now };
        if (name is not null)
        {
            message["Name"] = name;
        }

        LargeText.Write(message, "Data", data);
        var etags = await _table.SubmitTransactionAsync(
        [
            new TableTransactionAction(TableTransactionActionType.Add, message),
            new TableTransactionAction(TableTransactionActionType.UpsertReplace, WakeEntity(instanceId, now)),
        ], cancellationToken);
        return new WakeRow(instanceId, now, etags[1]);
    }

    /// <summary>Deletes everything stored for the instance: its row, history, messages, wake-up row and work items.
    /// Returns 1 when there was something to delete, else 0.</summary>
    public async Task<int> PurgeAsync(string instanceId, CancellationToken cancellationToken)
    {
        var keys = new List<string>();
        var activityPrefix = DurableKeys.Activity(instanceId, 0)[..^8];
        foreach (var prefix in new[] { DurableKeys.InstancePrefix(instanceId), activityPrefix })
        {
            await foreach (var entity in _table.QueryAsync(PrefixFilter(prefix), select: ["RowKey"], cancellationToken: cancellationToken))
            {
                keys.Add(entity.RowKey);
            }
        }

        if (keys.Count == 0)
        {
            return 0;
        }

        keys.Add(DurableKeys.Wake(instanceId));
        foreach (var batch in keys.Chunk(MaxTransactionActions))
        {
            try
            {
                await _table.SubmitTransactionAsync(
                    batch.Select(key => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(Hub, key), ETag.All)), cancellationToken);
            }
            catch (TableTransactionFailedException e) when (e.Status == 404)
            {
                // Some row (the wake-up row, a message) was already gone: delete the rest one by one.
                foreach (var key in batch)
                {
                    await _table.DeleteEntityAsync(Hub, key, ETag.All, cancellationToken);
                }
            }
        }

        return 1;
    }

    private TableEntity InstanceUpdate(EpisodeCommit commit, int episode, bool keepLease)
    {
        var entity = new TableEntity(Hub, DurableKeys.Instance(commit.Instance.InstanceId))
        {
            ["Status"] = commit.Status.ToString(),
            ["LastUpdatedAt"] = commit.Now,
            ["Episodes"] = episode,
            ["LeaseOwner"] = keepLease ? commit.Owner : string.Empty,
            ["LeaseUntil"] = keepLease ? commit.Now + commit.Lease : NoLease,
            ["Undispatched"] = keepLease ? string.Join(',', commit.ScheduledActivities.Select(a => a.TaskId!.Value.ToString(CultureInfo.InvariantCulture))) : string.Empty,
            ["Failure"] = commit.Failure is null ? string.Empty : JsonSerializer.Serialize(commit.Failure, DurableJson.StateOptions),
        };
        LargeText.Write(entity, "CustomStatus", commit.CustomStatus);
        if (commit.Status != OrchestrationRuntimeStatus.Running)
        {
            LargeText.Write(entity, "Output", commit.Output);
        }

        return entity;
    }

    private TableEntity WakeEntity(string instanceId, DateTimeOffset visibleAt) =>
        new(Hub, DurableKeys.Wake(instanceId)) { ["InstanceId"] = instanceId, ["VisibleAt"] = visibleAt };

    private string PrefixFilter(string prefix) =>
        TableFilter.Create($"PartitionKey eq {Hub} and RowKey ge {prefix} and RowKey lt {DurableKeys.PrefixEnd(prefix)}");

    private static InstanceRecord ReadInstance(TableEntity entity)
    {
        var failure = entity.GetString("Failure");
        var undispatched = entity.GetString("Undispatched");
        return new InstanceRecord
        {
            InstanceId = entity.GetString("InstanceId")!,
            Name = entity.GetString("Name")!,
            Status = Enum.Parse<OrchestrationRuntimeStatus>(entity.GetString("Status")!),
            Input = LargeText.Read(entity, "Input"),
            Output = LargeText.Read(entity, "Output"),
            CustomStatus = LargeText.Read(entity, "CustomStatus"),
            Failure = string.IsNullOrEmpty(failure) ? null : JsonSerializer.Deserialize<TaskFailureDetails>(failure, DurableJson.StateOptions),
            CreatedAt = entity.GetDateTimeOffset("CreatedAt") ?? default,
            LastUpdatedAt = entity.GetDateTimeOffset("LastUpdatedAt") ?? default,
            Episodes = entity.GetInt32("Episodes") ?? 0,
            LeaseOwner = entity.GetString("LeaseOwner") ?? string.Empty,
            LeaseUntil = entity.GetDateTimeOffset("LeaseUntil") ?? NoLease,
            Undispatched = string.IsNullOrEmpty(undispatched)
                ? []
                : [.. undispatched.Split(',').Select(id => int.Parse(id, CultureInfo.InvariantCulture))],
            ETag = entity.ETag,
        };
    }

    private static InstanceMessage ReadMessage(TableEntity entity)
    {
        var failure = entity.GetString("Failure");
        return new InstanceMessage(entity.RowKey, Enum.Parse<MessageKind>(entity.GetString("Kind")!), entity.GetDateTimeOffset("ArrivedAt") ?? NoLease)
        {
            TaskId = entity.GetInt32("TaskId"),
            Name = entity.GetString("Name"),
            Data = LargeText.Read(entity, "Data"),
            Failure = string.IsNullOrEmpty(failure) ? null : JsonSerializer.Deserialize<TaskFailureDetails>(failure, DurableJson.StateOptions),
        };
    }

    private static ActivityWorkItem ReadActivity(TableEntity entity) => new(
        entity.GetString("InstanceId")!,
        entity.GetInt32("TaskId") ?? 0,
        entity.GetString("Name")!,
        LargeText.Read(entity, "Input"),
        entity.GetString("LeaseOwner") ?? string.Empty,
        entity.GetDateTimeOffset("LeaseUntil") ?? NoLease,
        entity.ETag);
}
