namespace PmoFlow.Core.Forecasting;

/// <summary>A feature prepared for the trial loop: flat fields, no lists.</summary>
internal readonly struct PreparedFeature
{
    public PreparedFeature(FeatureSpec spec)
    {
        ScopeLow = spec.ScopeLow;
        ScopeHigh = spec.ScopeHigh;
        SplitLow = spec.SplitLow;
        SplitHigh = spec.SplitHigh;
        HasSplit = spec.SplitLow != 1.0 || spec.SplitHigh != 1.0;
        ReceivesArrivals = spec.ReceivesArrivals;
        RiskLikelihood = [.. spec.Risks.Select(r => r.Likelihood)];
        RiskLow = [.. spec.Risks.Select(r => (long)r.ImpactLow)];
        RiskHigh = [.. spec.Risks.Select(r => (long)r.ImpactHigh)];
    }

    public long ScopeLow { get; }

    public long ScopeHigh { get; }

    public double SplitLow { get; }

    public double SplitHigh { get; }

    public bool HasSplit { get; }

    public bool ReceivesArrivals { get; }

    public double[] RiskLikelihood { get; }

    public long[] RiskLow { get; }

    public long[] RiskHigh { get; }

    /// <summary>Draws this trial's scope: U{low..high} × U[split low, split high] rounded, + risk impacts.</summary>
    public long DrawScope(ref Xoshiro256StarStar rng)
    {
        var n = rng.NextInclusive(ScopeLow, ScopeHigh);
        if (HasSplit)
        {
            var m = SplitLow + (SplitHigh - SplitLow) * rng.NextDouble();
            n = (long)Math.Round(n * m, MidpointRounding.AwayFromZero);
        }

        for (var i = 0; i < RiskLikelihood.Length; i++)
        {
            if (rng.NextDouble() < RiskLikelihood[i])
            {
                n += rng.NextInclusive(RiskLow[i], RiskHigh[i]);
            }
        }

        return n;
    }
}
