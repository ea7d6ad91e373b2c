using System.Globalization;
using Azure.Data.Tables;

namespace McpOrchestrator.Core.Publishing.Artifacts;

/// <summary>
/// Stores a byte string of up to <see cref="MaxChunks"/> × 64 KiB across binary properties <c>{name}00</c>,
/// <c>{name}01</c>, … (a Table property holds at most 64 KiB) with its length in <c>{name}Bytes</c>, and reads it
/// back. Together with the other columns an artifact row stays under the 1 MiB entity limit.
/// </summary>
internal static class PayloadChunks
{
    /// <summary>The largest binary property Table Storage accepts.</summary>
    public const int ChunkBytes = 64 * 1024;

    public const int MaxChunks = 14;

    public static void Write(TableEntity entity, string name, ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > ChunkBytes * MaxChunks)
        {
            throw new ArgumentException($"At most {ChunkBytes * MaxChunks} bytes fit in one row.", nameof(bytes));
        }

        entity[name + "Bytes"] = bytes.Length;
        for (var i = 0; i * ChunkBytes < bytes.Length; i++)
        {
            entity[ChunkName(name, i)] = bytes.Slice(i * ChunkBytes, Math.Min(ChunkBytes, bytes.Length - (i * ChunkBytes))).ToArray();
        }
    }

    /// <summary>The stored bytes, or null when the row has no such value.</summary>
    /// <exception cref="InvalidDataException">The chunks do not add up to the recorded length.</exception>
    public static byte[]? Read(TableEntity entity, string name)
    {
        if (entity.GetInt32(name + "Bytes") is not { } length)
        {
            return null;
        }

        var result = new byte[length];
        var offset = 0;
        for (var i = 0; offset < length; i++)
        {
            var chunk = entity.GetBinary(ChunkName(name, i));
            if (chunk is null || chunk.Length == 0 || offset + chunk.Length > length)
            {
                throw new InvalidDataException($"Row {entity.PartitionKey}/{entity.RowKey}: the chunks of {name} do not add up to {length} bytes.");
            }

            chunk.CopyTo(result, offset);
            offset += chunk.Length;
        }

        return result;
    }

    /// <summary>Every property name a value of <paramref name="name"/> may use, for <c>$select</c>.</summary>
    public static IEnumerable<string> Columns(string name, int chunks = MaxChunks) =>
        [name + "Bytes", .. Enumerable.Range(0, chunks).Select(i => ChunkName(name, i))];

    public static string ChunkName(string name, int index) => name + index.ToString("D2", CultureInfo.InvariantCulture);
}
