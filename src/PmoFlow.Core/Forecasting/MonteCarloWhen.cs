namespace PmoFlow.Core.Forecasting;

/// <summary>Monte Carlo trials of "when": finish-day histograms per feature and overall.</summary>
/// <remarks>
/// Daily throughput comes from <see cref="ThroughputPools"/>: one pool or the weekday/weekend pools of the simulated day,
/// and with a cold start each trial first waits one sampled cycle time: nothing finishes before that day, its end finishes
/// exactly one item (the first feature's in priority order), then daily draws resume the day after. Backlog growth is
/// drawn for every simulated day, the cold start's included.
/// 
/// Trials run in fixed blocks of <see cref="MonteCarloBlocks.BlockSize"/>, block b drawing from stream b of the seed;
/// histograms are integer counts, so merging them in any order gives the same result: the same seed gives the same
/// answer whatever the number of threads. Nothing is allocated inside the trial loop.
/// </remarks>
internal static class MonteCarloWhen
{
    /// <summary>Histograms: [feature][day 0..K, K+1 = not within horizon] and overall [day].</summary>
    public sealed record Histograms(long[][] Features, long[] Overall);

    public static Histograms Run(
        ThroughputPools throughput,
        PreparedFeature[] features,
        int wipLimit,
        int[]? arrivals,
        int maxDays,
        int trials,
        ulong seed,
        int? maxDegreeOfParallelism,
        IProgress<double>? progress,
        CancellationToken cancellationToken)
    {
        var width = maxDays + 2;
        var featureHist = new long[features.Length][];
        for (var f = 0; f < features.Length; f++)
        {
            featureHist[f] = new long[width];
        }

        var overall = new long[width];
        var single = features.Length == 1 && arrivals is null && throughput.Plain;
        MonteCarloBlocks.Run(
            trials,
            maxDegreeOfParallelism,
            () => new Worker(features.Length, width),
            (worker, block, count) =>
            {
                var rng = Xoshiro256StarStar.Create(seed, (ulong)block);
                if (single)
                {
                    SingleFeature(ref rng, throughput, features[0], maxDays, count, worker.Overall);
                }
                else
                {
                    worker.General(ref rng, throughput, features, wipLimit, arrivals, maxDays, count);
                }
            },
            worker =>
            {
                for (var d = 0; d < width; d++)
                {
                    overall[d] += worker.Overall[d];
                }

                for (var f = 0; f < features.Length; f++)
                {
                    var src = single ? worker.Overall : worker.Features[f];
                    for (var d = 0; d < width; d++)
                    {
                        featureHist[f][d] += src[d];
                    }
                }
            },
            progress,
            cancellationToken);
        return new Histograms(featureHist, overall);
    }

    // The hot path: one feature, no growth. Two sample indices come from each 64-bit draw.
    private static void SingleFeature(
        ref Xoshiro256StarStar rng, ThroughputPools throughput, PreparedFeature feature, int maxDays, int count, long[] hist)
    {
        var units = throughput.Weekday;
        var n = (uint)units.Length;
        var unit = throughput.Unit;
        var local = rng;
        for (var t = 0; t < count; t++)
        {
            // Draw through a copy so that `local` is never address-exposed and its state stays in registers.
            var scopeRng = local;
            var target = feature.DrawScope(ref scopeRng) * unit;
            local = scopeRng;
            if (target <= 0)
            {
                hist[0]++;
                continue;
            }

            long sum = 0;
            var day = 0;
            while (true)
            {
                var r = local.NextUInt64();
                sum += units[(int)(((r & 0xFFFFFFFFUL) * n) >> 32)];
                day++;
                if (sum >= target || day >= maxDays)
                {
                    break;
                }

                sum += units[(int)(((r >> 32) * n) >> 32)];
                day++;
                if (sum >= target || day >= maxDays)
                {
                    break;
                }
            }

            hist[sum >= target ? day : maxDays + 1]++;
        }

        rng = local;
    }

    // Hands out whole rounds (one item to each active feature) at once when no active feature can finish during them;
    // the result is identical to one-at-a-time round robin, with fewer unpredictable branches. Leaves the rest to it.
    private static bool BulkRoundRobin(long[] remaining, int[] order, int active, ref long items)
    {
        var rounds = items / active;
        for (var i = 0; i < active; i++)
        {
            rounds = Math.Min(rounds, remaining[order[i]] - 1);
        }

        if (rounds <= 0)
        {
            return false;
        }

        for (var i = 0; i < active; i++)
        {
            remaining[order[i]] -= rounds;
        }

        items -= rounds * active;
        return true;
    }

    private sealed class Worker(int featureCount, int width)
    {
        private readonly long[] _remaining = new long[featureCount];
        private readonly int[] _finish = new int[featureCount];
        private readonly int[] _order = new int[featureCount];

        public long[][] Features { get; } = [.. Enumerable.Range(0, featureCount).Select(_ => new long[width])];

        public long[] Overall { get; } = new long[width];

        public void General(
            ref Xoshiro256StarStar rng, ThroughputPools throughput, PreparedFeature[] features, int wipLimit,
            int[]? arrivals, int maxDays, int count)
        {
            var cold = throughput.ColdStart.Length > 0;
            var unit = throughput.Unit;
            var scaled = unit != 1;
            var featureCount = features.Length;
            var remaining = _remaining;
            var finish = _finish;
            var order = _order;
            var overall = Overall;
            var local = rng;
            for (var t = 0; t < count; t++)
            {
                var unfinished = 0;
                var scopeRng = local;
                for (var f = 0; f < featureCount; f++)
                {
                    remaining[f] = features[f].DrawScope(ref scopeRng);
                    finish[f] = remaining[f] <= 0 ? 0 : -1;
                    if (remaining[f] > 0)
                    {
                        order[unfinished++] = f;
                    }
                }

                local = scopeRng;
                long carry = 0;
                var turn = 0;
                var coldDay = cold && unfinished > 0 ? throughput.DrawColdStart(ref local) : -1;
                var day = coldDay == 0 ? -1 : 0;
                while (unfinished > 0 && day < maxDays)
                {
                    day++;
                    long items;
                    if (day <= coldDay)
                    {
                        // The cold start: nothing finishes before its last day, which finishes exactly one item.
                        items = day == coldDay ? 1 : 0;
                    }
                    else if (scaled)
                    {
                        // Fractional capacity carries over: a long division only when a throughput factor is set.
                        var total = carry + throughput.Draw(ref local, day);
                        items = total / unit;
                        carry = total - items * unit;
                    }
                    else
                    {
                        items = throughput.Draw(ref local, day);
                    }

                    while (items > 0 && unfinished > 0)
                    {
                        var active = Math.Min(wipLimit, unfinished);
                        if (active > 1 && items >= active && BulkRoundRobin(remaining, order, active, ref items))
                        {
                            continue;
                        }

                        if (turn >= active)
                        {
                            turn = 0;
                        }

                        var f = order[turn];
                        var give = active == 1 ? Math.Min(items, remaining[f]) : 1;
                        remaining[f] -= give;
                        items -= give;
                        if (remaining[f] == 0)
                        {
                            finish[f] = day;
                            for (var i = turn; i < unfinished - 1; i++)
                            {
                                order[i] = order[i + 1];
                            }

                            unfinished--;
                        }
                        else if (active > 1)
                        {
                            turn++;
                        }
                    }

                    if (arrivals is not null && day > 0)
                    {
                        var a = arrivals[local.NextIndex((uint)arrivals.Length)];
                        for (var i = 0; i < unfinished && a > 0; i++)
                        {
                            if (features[order[i]].ReceivesArrivals)
                            {
                                remaining[order[i]] += a;
                                break;
                            }
                        }
                    }
                }

                var last = 0;
                for (var f = 0; f < featureCount; f++)
                {
                    var d = finish[f] < 0 ? maxDays + 1 : finish[f];
                    Features[f][d]++;
                    last = Math.Max(last, d);
                }

                overall[last]++;
            }

            rng = local;
        }
    }
}
