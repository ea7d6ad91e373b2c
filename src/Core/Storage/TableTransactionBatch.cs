using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Azure;

namespace McpOrchestrator.Core.Storage;

/// <summary>
/// The multipart/mixed wire format of entity group transactions ($batch): one changeset holding every action as an
/// embedded HTTP request with an absolute URL, and the parser for the changeset response.
/// </summary>
internal sealed partial class TableTransactionBatch
{
    public const int MaxActions = 100;
    public const int MaxBodyBytes = 4 * 1024 * 1024;

    private const string Crlf = "\r\n";

    private TableTransactionBatch(string contentType, byte[] body)
    {
        ContentType = contentType;
        Body = body;
    }

    public string ContentType { get; }

    public byte[] Body { get; }

    /// <summary>Validates the actions (throws <see cref="ArgumentException"/>) and encodes the request body.</summary>
    public static TableTransactionBatch Create(TableServiceClient service, string tableName, IReadOnlyList<TableTransactionAction> actions)
    {
        Validate(actions);
        var batchBoundary = "batch_" + Guid.NewGuid().ToString("D");
        var changesetBoundary = "changeset_" + Guid.NewGuid().ToString("D");

        var body = new ArrayBufferWriter<byte>(1024 * actions.Count);
        Write(body, $"--{batchBoundary}{Crlf}Content-Type: multipart/mixed; boundary={changesetBoundary}{Crlf}{Crlf}");
        foreach (var action in actions)
        {
            var entity = action.Entity;
            var (method, path, ifMatch, hasBody) = action.ActionType switch
            {
                TableTransactionActionType.Add => ("POST", tableName, (string?)null, true),
                TableTransactionActionType.UpdateMerge => ("MERGE", TableKey.EntityPath(tableName, entity.PartitionKey, entity.RowKey), TableClient.IfMatchValue(action.ETag), true),
                TableTransactionActionType.UpdateReplace => ("PUT", TableKey.EntityPath(tableName, entity.PartitionKey, entity.RowKey), TableClient.IfMatchValue(action.ETag), true),
                TableTransactionActionType.Delete => ("DELETE", TableKey.EntityPath(tableName, entity.PartitionKey, entity.RowKey), TableClient.IfMatchValue(action.ETag), false),
                TableTransactionActionType.UpsertMerge => ("MERGE", TableKey.EntityPath(tableName, entity.PartitionKey, entity.RowKey), null, true),
                TableTransactionActionType.UpsertReplace => ("PUT", TableKey.EntityPath(tableName, entity.PartitionKey, entity.RowKey), null, true),
                _ => throw new ArgumentOutOfRangeException(nameof(actions), action.ActionType, "Unknown transaction action type."),
            };

            var part = new StringBuilder()
                .Append("--").Append(changesetBoundary).Append(Crlf)
                .Append("Content-Type: application/http").Append(Crlf)
                .Append("Content-Transfer-Encoding: binary").Append(Crlf)
                .Append(Crlf)
                .Append(method).Append(' ').Append(service.AbsoluteUrl(path)).Append(" HTTP/1.1").Append(Crlf)
                .Append("Accept: ").Append(TableServiceClient.JsonMinimalMetadata).Append(Crlf)
                .Append("DataServiceVersion: 3.0;").Append(Crlf);
            if (ifMatch is not null)
            {
                part.Append("If-Match: ").Append(ifMatch).Append(Crlf);
            }

            if (hasBody)
            {
                part.Append("Content-Type: application/json").Append(Crlf)
                    .Append("Prefer: return-no-content").Append(Crlf);
            }

            part.Append(Crlf);
            Write(body, part.ToString());
            if (hasBody)
            {
                // One line of JSON: Azurite finds the body with a single-line pattern.
                using (var writer = new Utf8JsonWriter(body))
                {
                    TableEntityJson.Write(writer, entity);
                }

                Write(body, Crlf);
            }
        }

        Write(body, $"--{changesetBoundary}--{Crlf}{Crlf}--{batchBoundary}--{Crlf}");
        if (body.WrittenCount > MaxBodyBytes)
        {
            throw new ArgumentException(
                $"The transaction body is {body.WrittenCount.ToString(CultureInfo.InvariantCulture)} bytes; the service accepts at most 4 MiB. Split it into smaller transactions.",
                nameof(actions));
        }

        return new TableTransactionBatch($"multipart/mixed; boundary={batchBoundary}", body.WrittenSpan.ToArray());
    }

    /// <summary>The ETags of a successful transaction, or the failure the service reported.</summary>
    public static (IReadOnlyList<ETag> ETags, TableTransactionFailedException? Failure) ParseResponse(Response response, int actionCount)
    {
        var parts = ParseParts(response.Content.ToString());
        var failed = parts.FirstOrDefault(p => p.Status >= 300);
        if (failed is not null)
        {
            var (code, message) = TableErrors.Parse(failed.Headers.GetValueOrDefault("x-ms-error-code"), Encoding.UTF8.GetBytes(failed.Body));
            int? index = null;
            if (message is not null && IndexPrefix().Match(message) is { Success: true } match
                && int.TryParse(match.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                index = parsed;
                message = message[match.Length..];
            }

            var where = index is { } i ? $" at action {i.ToString(CultureInfo.InvariantCulture)}" : string.Empty;
            return ([], new TableTransactionFailedException(
                failed.Status,
                TableErrors.Describe($"The table transaction{where}", failed.Status, code, message) + " Nothing was applied.",
                code,
                index));
        }

        if (parts.Count != actionCount)
        {
            return ([], new TableTransactionFailedException(
                response.Status,
                $"The table transaction response held {parts.Count.ToString(CultureInfo.InvariantCulture)} results for {actionCount.ToString(CultureInfo.InvariantCulture)} actions.",
                null,
                null));
        }

        return (parts.Select(p => p.Headers.TryGetValue("ETag", out var etag) ? new ETag(etag) : default).ToArray(), null);
    }

    private static void Validate(IReadOnlyList<TableTransactionAction> actions)
    {
        if (actions.Count is 0 or > MaxActions)
        {
            throw new ArgumentException(
                $"A transaction holds 1 to {MaxActions.ToString(CultureInfo.InvariantCulture)} actions; this one has {actions.Count.ToString(CultureInfo.InvariantCulture)}.",
                nameof(actions));
        }

        var partitionKey = actions[0].Entity?.PartitionKey;
        var rows = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < actions.Count; i++)
        {
            var entity = actions[i]?.Entity ?? throw new ArgumentException($"Action {i.ToString(CultureInfo.InvariantCulture)} has no entity.", nameof(actions));
            TableKey.Validate(entity.PartitionKey, nameof(actions));
            TableKey.Validate(entity.RowKey, nameof(actions));
            if (!string.Equals(entity.PartitionKey, partitionKey, StringComparison.Ordinal))
            {
                throw new ArgumentException(
                    $"Action {i.ToString(CultureInfo.InvariantCulture)} is on another partition than action 0; a transaction works on one partition.",
                    nameof(actions));
            }

            if (!rows.Add(entity.RowKey))
            {
                throw new ArgumentException(
                    $"Action {i.ToString(CultureInfo.InvariantCulture)} touches a row an earlier action already touches; each entity may appear once per transaction.",
                    nameof(actions));
            }
        }
    }

    private static void Write(ArrayBufferWriter<byte> buffer, string text) => Encoding.UTF8.GetBytes(text, buffer);

    // Embedded responses: "HTTP/1.1 204 No Content", headers, a blank line, an optional body, up to the next boundary.
    private static List<Part> ParseParts(string text)
    {
        var parts = new List<Part>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            var status = StatusLine().Match(line);
            if (!status.Success)
            {
                continue;
            }

            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            for (i++; i < lines.Length; i++)
            {
                line = lines[i].TrimEnd('\r');
                if (line.Length == 0)
                {
                    break;
                }

                var colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon > 0)
                {
                    headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
                }
            }

            var body = new StringBuilder();
            for (i++; i < lines.Length && !lines[i].StartsWith("--", StringComparison.Ordinal); i++)
            {
                body.Append(lines[i].TrimEnd('\r'));
            }

            i--;
            parts.Add(new Part(int.Parse(status.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture), headers, body.ToString()));
        }

        return parts;
    }

    [GeneratedRegex(@"^HTTP/1\.1 (\d{3})")]
    private static partial Regex StatusLine();

    [GeneratedRegex(@"^(\d+):")]
    private static partial Regex IndexPrefix();

    private sealed record Part(int Status, Dictionary<string, string> Headers, string Body);
}
