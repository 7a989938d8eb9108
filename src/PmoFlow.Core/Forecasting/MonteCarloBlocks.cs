namespace PmoFlow.Core.Forecasting;

/// <summary>Runs trials in fixed-size blocks over a bounded number of workers.</summary>
/// <remarks>
/// Block b always holds trials [b × BlockSize, min((b+1) × BlockSize, trials)) and draws from random stream b, so the
/// set of trial outcomes does not depend on which worker ran which block. Callers merge integer histograms, which is
/// order-independent, hence the same seed gives the same result on 1, 2 or 64 threads.
/// </remarks>
internal static class MonteCarloBlocks
{
    /// <summary>Trials per block (part of the reproducibility contract: changing it changes results).</summary>
    public const int BlockSize = 1024;

    public static void Run<TWorker>(
        int trials,
        int? maxDegreeOfParallelism,
        Func<TWorker> createWorker,
        Action<TWorker, int, int> runBlock,
        Action<TWorker> merge,
        IProgress<double>? progress,
        CancellationToken cancellationToken)
        where TWorker : class
    {
        var blocks = (trials + BlockSize - 1) / BlockSize;
        var gate = new object();
        var finished = 0;
        var options = new ParallelOptions
        {
            MaxDegreeOfParallelism = maxDegreeOfParallelism ?? Environment.ProcessorCount,
            CancellationToken = cancellationToken,
        };
        Parallel.For(
            0,
            blocks,
            options,
            createWorker,
            (block, _, worker) =>
            {
                var count = Math.Min(BlockSize, trials - block * BlockSize);
                runBlock(worker, block, count);
                if (progress is not null)
                {
                    progress.Report((double)Interlocked.Increment(ref finished) / blocks);
                }

                return worker;
            },
            worker =>
            {
                lock (gate)
                {
                    merge(worker);
                }
            });
    }

    /// <summary>
    /// Runs the trials as <see cref="Run{TWorker}"/> does, each worker filling its own histogram of
    /// <paramref name="width"/> buckets, and returns their sum (the scaffolding every one-histogram kernel shares).
    /// </summary>
    public static long[] Histogram(
        int trials,
        int width,
        int? maxDegreeOfParallelism,
        Action<long[], int, int> runBlock,
        IProgress<double>? progress,
        CancellationToken cancellationToken)
    {
        var hist = new long[width];
        Run(
            trials,
            maxDegreeOfParallelism,
            () => new long[width],
            runBlock,
            local =>
            {
                for (var i = 0; i < width; i++)
                {
                    hist[i] += local[i];
                }
            },
            progress,
            cancellationToken);
        return hist;
    }
}
