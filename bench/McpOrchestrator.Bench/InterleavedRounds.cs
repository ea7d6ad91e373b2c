namespace McpOrchestrator.Bench;

/// <summary>
/// Measures several paths in one phase as alternating batches (rounds), so that a burst of load on the shared
/// machine falls on all of them alike. The order of the paths changes from round to round along a balanced Latin
/// square (Williams design): every path runs in every position, and directly after every other path, equally often
/// over a cycle of orders, so none always inherits another's garbage or warm caches. With two paths the orders are
/// simply A B, B A, A B, …
/// </summary>
public static class InterleavedRounds
{
    /// <summary>Runs <paramref name="requests"/> calls of each path from <paramref name="clients"/> callers, split
    /// into <paramref name="rounds"/> rounds; returns one log per path, in the order of <paramref name="paths"/>.</summary>
    public static async Task<IReadOnlyList<LatencyLog>> RunAsync(
        IReadOnlyList<MeasuredPath> paths, int requests, int clients, int rounds, CancellationToken cancellationToken)
    {
        var logs = paths.Select(path => new LatencyLog(path.Name, clients, requests)).ToArray();
        var orders = Orders(paths.Count);
        for (var round = 0; round < rounds; round++)
        {
            var batch = (requests / rounds) + (round < requests % rounds ? 1 : 0);
            foreach (var index in orders[round % orders.Count])
            {
                await LoadRunner.RunAsync(paths[index].Call, batch, logs[index], cancellationToken);
            }

            foreach (var log in logs)
            {
                log.EndRound();
            }
        }

        return logs;
    }

    /// <summary>The cycle of orders for <paramref name="count"/> paths: the rows of a Williams square, i.e. the first
    /// row 0, 1, n−1, 2, n−2, … shifted by one per row; for an odd count, each row is followed by its reverse.</summary>
    public static IReadOnlyList<int[]> Orders(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var first = new int[count];
        for (int i = 1, low = 1, high = count - 1; i < count; i++)
        {
            first[i] = i % 2 == 1 ? low++ : high--;
        }

        var orders = new List<int[]>();
        for (var shift = 0; shift < count; shift++)
        {
            var row = first.Select(index => (index + shift) % count).ToArray();
            orders.Add(row);
            if (count % 2 == 1 && count > 1)
            {
                orders.Add([.. row.Reverse()]);
            }
        }

        return orders;
    }
}
