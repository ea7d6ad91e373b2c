using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Core;

namespace McpOrchestrator.Core.Storage;

/// <summary>
/// Operations on one table: create/delete, point reads, conditional writes with ETags, queries with continuation,
/// and entity group transactions. Keys are validated and escaped before anything is sent. Service errors are
/// <see cref="RequestFailedException"/> (with <c>Status</c> and <c>ErrorCode</c>); an unreachable service is
/// <see cref="StorageUnavailableException"/>. Thread-safe.
/// </summary>
public sealed class TableClient
{
    /// <summary>Most entities the service returns in one page.</summary>
    public const int MaxPageSize = 1000;

    private const string ContinuationSeparator = "\n";
    private static readonly RequestMethod Merge = new("MERGE");

    private readonly TableServiceClient _service;

    internal TableClient(TableServiceClient service, string name)
    {
        _service = service;
        Name = name;
    }

    public string Name { get; }

    /// <summary>Creates the table; returns true if it was created, false if it already existed.</summary>
    public async Task<bool> CreateIfNotExistsAsync(CancellationToken cancellationToken = default)
    {
        using var message = _service.CreateMessage(RequestMethod.Post, "Tables");
        message.Request.Headers.SetValue("Prefer", "return-no-content");
        SetJsonContent(message, JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["TableName"] = Name }));
        var response = await _service.SendAsync(message, cancellationToken);
        if (response.Status is 201 or 204)
        {
            StorageLog.TableCreated(_service.Logger, Name);
            return true;
        }

        if (response.Status == 409 && ErrorCodeIs(response, "TableAlreadyExists"))
        {
            return false;
        }

        throw TableErrors.FromResponse(response, $"Creating table {Name}");
    }

    /// <summary>Deletes the table and all its entities; returns false if it did not exist.</summary>
    public async Task<bool> DeleteTableAsync(CancellationToken cancellationToken = default)
    {
        using var message = _service.CreateMessage(RequestMethod.Delete, $"Tables('{Name}')");
        var response = await _service.SendAsync(message, cancellationToken);
        return response.Status switch
        {
            204 => true,
            404 => false,
            _ => throw TableErrors.FromResponse(response, $"Deleting table {Name}"),
        };
    }

    /// <summary>Reads one entity; throws <see cref="RequestFailedException"/> with status 404 if it does not exist.</summary>
    public async Task<TableEntity> GetEntityAsync(string partitionKey, string rowKey, CancellationToken cancellationToken = default) =>
        await GetEntityCoreAsync(partitionKey, rowKey, throwIfMissing: true, cancellationToken)
        ?? throw new InvalidOperationException("Unreachable: a missing entity throws.");

    /// <summary>Reads one entity, or returns null if the table has no entity with these keys (a missing table still throws 404 <c>TableNotFound</c>).</summary>
    public Task<TableEntity?> GetEntityIfExistsAsync(string partitionKey, string rowKey, CancellationToken cancellationToken = default) =>
        GetEntityCoreAsync(partitionKey, rowKey, throwIfMissing: false, cancellationToken);

    /// <summary>Inserts a new entity and returns its ETag; 409 <c>EntityAlreadyExists</c> if the keys are taken.</summary>
    public async Task<ETag> AddEntityAsync(TableEntity entity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entity);
        TableKey.Validate(entity.PartitionKey, nameof(entity));
        TableKey.Validate(entity.RowKey, nameof(entity));
        using var message = _service.CreateMessage(RequestMethod.Post, Name);
        message.Request.Headers.SetValue("Prefer", "return-no-content");
        SetJsonContent(message, TableEntityJson.Serialize(entity));
        var response = await _service.SendAsync(message, cancellationToken);
        return response.Status is 201 or 204
            ? ReadETag(response)
            : throw TableErrors.FromResponse(response, $"Adding an entity to {Name}");
    }

    /// <summary>Inserts the entity, or merges into / replaces the existing one, unconditionally. Returns the new ETag.</summary>
    public Task<ETag> UpsertEntityAsync(TableEntity entity, TableUpdateMode mode = TableUpdateMode.Merge, CancellationToken cancellationToken = default) =>
        WriteEntityAsync(entity, mode, ifMatch: null, "Upserting an entity in", cancellationToken);

    /// <summary>
    /// Merges into or replaces an existing entity if its ETag still equals <paramref name="ifMatch"/> (use
    /// <see cref="ETag.All"/> for unconditional). 412 <c>UpdateConditionNotSatisfied</c> when stale, 404 when missing.
    /// Returns the new ETag.
    /// </summary>
    public Task<ETag> UpdateEntityAsync(TableEntity entity, ETag ifMatch, TableUpdateMode mode = TableUpdateMode.Merge, CancellationToken cancellationToken = default)
    {
        if (ifMatch == default)
        {
            throw new ArgumentException("An update needs the ETag it is conditional on; pass ETag.All to update unconditionally.", nameof(ifMatch));
        }

        return WriteEntityAsync(entity, mode, ifMatch, "Updating an entity in", cancellationToken);
    }

    /// <summary>
    /// Deletes an entity if its ETag still equals <paramref name="ifMatch"/> (default: unconditionally). Returns false
    /// if there was no such entity; 412 <c>UpdateConditionNotSatisfied</c> when the ETag is stale.
    /// </summary>
    public async Task<bool> DeleteEntityAsync(string partitionKey, string rowKey, ETag ifMatch = default, CancellationToken cancellationToken = default)
    {
        using var message = _service.CreateMessage(RequestMethod.Delete, TableKey.EntityPath(Name, partitionKey, rowKey));
        message.Request.Headers.SetValue("If-Match", IfMatchValue(ifMatch));
        var response = await _service.SendAsync(message, cancellationToken);
        return response.Status switch
        {
            204 => true,
            404 when ErrorCodeIs(response, "ResourceNotFound") => false,
            _ => throw TableErrors.FromResponse(response, $"Deleting an entity from {Name}"),
        };
    }

    /// <summary>
    /// All entities matching <paramref name="filter"/> (build it with <see cref="TableFilter.Create"/>; null for all),
    /// in PartitionKey/RowKey order, following continuation tokens page by page.
    /// </summary>
    public async IAsyncEnumerable<TableEntity> QueryAsync(
        string? filter = null,
        int? maxPerPage = null,
        IEnumerable<string>? select = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var selected = select?.ToArray();
        string? continuation = null;
        do
        {
            var page = await QueryPageAsync(filter, continuation, maxPerPage, selected, cancellationToken);
            foreach (var entity in page.Items)
            {
                yield return entity;
            }

            continuation = page.ContinuationToken;
        }
        while (continuation is not null);
    }

    /// <summary>
    /// One page of a query. Pass the returned <see cref="TablePage.ContinuationToken"/> to get the next page; pages
    /// may be shorter than <paramref name="maxPerPage"/> or empty and still be followed by more.
    /// </summary>
    public async Task<TablePage> QueryPageAsync(
        string? filter = null,
        string? continuationToken = null,
        int? maxPerPage = null,
        IEnumerable<string>? select = null,
        CancellationToken cancellationToken = default)
    {
        if (maxPerPage is < 1 or > MaxPageSize)
        {
            throw new ArgumentOutOfRangeException(nameof(maxPerPage), maxPerPage, $"A page holds 1 to {MaxPageSize} entities.");
        }

        using var message = _service.CreateMessage(RequestMethod.Get, Name + "()");
        var uri = message.Request.Uri;
        if (!string.IsNullOrEmpty(filter))
        {
            uri.AppendQuery("$filter", Uri.EscapeDataString(filter), escapeValue: false);
        }

        if (maxPerPage is { } top)
        {
            uri.AppendQuery("$top", top.ToString(System.Globalization.CultureInfo.InvariantCulture), escapeValue: false);
        }

        AppendSelect(uri, select);
        if (continuationToken is not null)
        {
            var (nextPartitionKey, nextRowKey) = DecodeContinuation(continuationToken);
            uri.AppendQuery("NextPartitionKey", Uri.EscapeDataString(nextPartitionKey), escapeValue: false);
            if (nextRowKey is not null)
            {
                uri.AppendQuery("NextRowKey", Uri.EscapeDataString(nextRowKey), escapeValue: false);
            }
        }

        var response = await _service.SendAsync(message, cancellationToken);
        if (response.Status != 200)
        {
            throw TableErrors.FromResponse(response, $"Querying {Name}");
        }

        using var document = JsonDocument.Parse(response.Content.ToMemory());
        var items = new List<TableEntity>();
        if (document.RootElement.TryGetProperty("value", out var values))
        {
            foreach (var element in values.EnumerateArray())
            {
                items.Add(TableEntityJson.Read(element, headerETag: null));
            }
        }

        var next = response.Headers.TryGetValue("x-ms-continuation-NextPartitionKey", out var npk) && !string.IsNullOrEmpty(npk)
            ? EncodeContinuation(npk, response.Headers.TryGetValue("x-ms-continuation-NextRowKey", out var nrk) && !string.IsNullOrEmpty(nrk) ? nrk : null)
            : null;
        return new TablePage(items, next);
    }

    /// <summary>
    /// Applies up to 100 actions on one partition atomically (entity group transaction): all succeed or none.
    /// Returns the ETag of each action in order (<c>default</c> for deletes). Validation (count, one partition,
    /// distinct rows, valid keys, 4 MiB) happens before sending and throws <see cref="ArgumentException"/>; a rejected
    /// transaction throws <see cref="TableTransactionFailedException"/> naming the failing action.
    /// </summary>
    public async Task<IReadOnlyList<ETag>> SubmitTransactionAsync(IEnumerable<TableTransactionAction> actions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actions);
        var list = actions.ToList();
        var batch = TableTransactionBatch.Create(_service, Name, list);
        using var message = _service.CreateMessage(RequestMethod.Post, "$batch");
        message.Request.Headers.SetValue("Content-Type", batch.ContentType);
        message.Request.Content = RequestContent.Create(batch.Body);
        var response = await _service.SendAsync(message, cancellationToken);
        if (response.Status != 202)
        {
            throw TableErrors.FromResponse(response, $"Transaction on {Name}");
        }

        var result = TableTransactionBatch.ParseResponse(response, list.Count);
        if (result.Failure is { } failure)
        {
            StorageLog.TransactionFailed(_service.Logger, Name, failure.FailedTransactionActionIndex, failure.Status, failure.ErrorCode);
            throw failure;
        }

        return result.ETags;
    }

    private async Task<TableEntity?> GetEntityCoreAsync(string partitionKey, string rowKey, bool throwIfMissing, CancellationToken cancellationToken)
    {
        using var message = _service.CreateMessage(RequestMethod.Get, TableKey.EntityPath(Name, partitionKey, rowKey));
        var response = await _service.SendAsync(message, cancellationToken);
        if (response.Status == 200)
        {
            using var document = JsonDocument.Parse(response.Content.ToMemory());
            return TableEntityJson.Read(document.RootElement, response.Headers.TryGetValue("ETag", out var etag) ? etag : null);
        }

        if (response.Status == 404 && !throwIfMissing && ErrorCodeIs(response, "ResourceNotFound"))
        {
            return null;
        }

        throw TableErrors.FromResponse(response, $"Reading an entity from {Name}");
    }

    private async Task<ETag> WriteEntityAsync(TableEntity entity, TableUpdateMode mode, ETag? ifMatch, string operation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var method = mode switch
        {
            TableUpdateMode.Merge => Merge,
            TableUpdateMode.Replace => RequestMethod.Put,
            _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown update mode."),
        };
        using var message = _service.CreateMessage(method, TableKey.EntityPath(Name, entity.PartitionKey, entity.RowKey));
        if (ifMatch is { } condition)
        {
            message.Request.Headers.SetValue("If-Match", IfMatchValue(condition));
        }

        SetJsonContent(message, TableEntityJson.Serialize(entity));
        var response = await _service.SendAsync(message, cancellationToken);
        return response.Status == 204
            ? ReadETag(response)
            : throw TableErrors.FromResponse(response, $"{operation} {Name}");
    }

    internal static string IfMatchValue(ETag ifMatch) => ifMatch == default ? ETag.All.ToString() : ifMatch.ToString();

    private static void SetJsonContent(HttpMessage message, byte[] json)
    {
        message.Request.Headers.SetValue("Content-Type", "application/json");
        message.Request.Content = RequestContent.Create(json);
    }

    private static void AppendSelect(RequestUriBuilder uri, IEnumerable<string>? select)
    {
        if (select is null)
        {
            return;
        }

        var names = select.ToArray();
        if (names.Length == 0)
        {
            return;
        }

        foreach (var name in names)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(name, nameof(select));
        }

        uri.AppendQuery("$select", string.Join(',', names.Select(Uri.EscapeDataString)), escapeValue: false);
    }

    private static ETag ReadETag(Response response) =>
        response.Headers.TryGetValue("ETag", out var etag) && !string.IsNullOrEmpty(etag)
            ? new ETag(etag)
            : throw new RequestFailedException(response.Status, "The table service answered a write without an ETag.", null, null);

    private static bool ErrorCodeIs(Response response, string code) =>
        string.Equals(
            TableErrors.Parse(response.Headers.TryGetValue("x-ms-error-code", out var header) ? header : null, response.Content.ToMemory().Span).Code,
            code,
            StringComparison.Ordinal);

    // The token carries the service's two continuation values; base64url keeps it opaque and URL-safe.
    private static string EncodeContinuation(string nextPartitionKey, string? nextRowKey) =>
        Base64Url(nextRowKey is null ? nextPartitionKey : nextPartitionKey + ContinuationSeparator + nextRowKey);

    private static (string NextPartitionKey, string? NextRowKey) DecodeContinuation(string token)
    {
        string text;
        try
        {
            text = Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(token));
        }
        catch (FormatException exception)
        {
            throw new ArgumentException("The continuation token is not one this client produced.", nameof(token), exception);
        }

        var separator = text.IndexOf(ContinuationSeparator, StringComparison.Ordinal);
        return separator < 0 ? (text, null) : (text[..separator], text[(separator + 1)..]);
    }

    private static string Base64Url(string text) => System.Buffers.Text.Base64Url.EncodeToString(Encoding.UTF8.GetBytes(text));
}
