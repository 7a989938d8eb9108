using System.Runtime.CompilerServices;

namespace PmoFlow.Ingestion.Connectors.Http;

/// <summary>Runs independent page requests ahead, a bounded window at a time, and yields their results in order.</summary>
internal static class OrderedPrefetch
{
    /// <summary>
    /// Starts up to <paramref name="window"/> of <paramref name="work"/> at once and yields each result in
    /// the order of <paramref name="work"/>; leaving early cancels and awaits whatever is still running.
    /// </summary>
    public static async IAsyncEnumerable<T> RunAsync<T>(
        IEnumerable<Func<CancellationToken, Task<T>>> work,
        int window,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var running = new Queue<Task<T>>();
        using var next = work.GetEnumerator();
        try
        {
            while (running.Count < window && next.MoveNext())
            {
                running.Enqueue(next.Current(cts.Token));
            }

            while (running.Count > 0)
            {
                var result = await running.Dequeue();
                if (next.MoveNext())
                {
                    running.Enqueue(next.Current(cts.Token));
                }

                yield return result;
            }
        }
        finally
        {
            await cts.CancelAsync();
            foreach (var task in running)
            {
                try
                {
                    await task;
                }
                catch (Exception)
                {
                    // Abandoned look-ahead: its failure (usually the cancellation above) has nobody to report to.
                }
            }
        }
    }

    /// <summary>Runs <paramref name="work"/> for every element, at most <paramref name="limit"/> at once; results keep the input order.</summary>
    public static async Task<TResult[]> ForAllAsync<TSource, TResult>(
        IReadOnlyList<TSource> source,
        int limit,
        Func<TSource, CancellationToken, Task<TResult>> work,
        CancellationToken cancellationToken)
    {
        var results = new TResult[source.Count];
        await Parallel.ForAsync(0, source.Count, new ParallelOptions { MaxDegreeOfParallelism = limit, CancellationToken = cancellationToken },
            async (i, ct) => results[i] = await work(source[i], ct));
        return results;
    }
}
