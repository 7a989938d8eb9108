using PmoFlow.Core.Forecasting;

namespace PmoFlow.Core.Tests.Forecasting;

public class MonteCarloScaleTests
{
    private static readonly DateOnly Today = new(2024, 3, 1);

    [Fact]
    public void When_TenMillionTrials_WorksAndMatchesHandWorkedExact()
    {
        // Samples {0, 1, 2}, N = 3 (see ExactForecastTests): P(done by day 3) = 17/27. With 10^7 trials the standard
        // error is sqrt(.63 × .37 / 10^7) = 1.5e-4; we accept 5 of them.
        var f = Forecaster.When(ThroughputSample.FromDailyCounts([0, 1, 2], Today), WhenRequest.Items(3),
            new ForecastOptions { Engine = ForecastEngine.MonteCarlo, Trials = 10_000_000 });

        var day3 = f.Overall!.Distribution.Single(p => p.WorkingDay == 3).Cumulative;
        Assert.Equal(17.0 / 27, day3, 0.00076);
        Assert.Equal(1, f.Overall.Distribution.Sum(p => p.Probability), 9);
    }

    [Fact]
    public void When_ProgressReported_ReachesOne()
    {
        var progress = new MaxProgress();

        Forecaster.When(ThroughputSample.FromDailyCounts([0, 1, 2], Today), WhenRequest.Items(3),
            new ForecastOptions { Engine = ForecastEngine.MonteCarlo, Trials = 5000, Progress = progress });

        Assert.Equal(1.0, progress.Max);
        Assert.Equal(5, progress.Calls); // ceil(5000 / 1024) blocks
    }

    [Fact]
    public void When_Cancelled_Throws()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => Forecaster.When(
            ThroughputSample.FromDailyCounts([0, 1, 2], Today), WhenRequest.Items(3),
            new ForecastOptions { Engine = ForecastEngine.MonteCarlo }, cts.Token));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(100_000_001)]
    public void When_TrialsOutOfRange_Throws(int trials) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Forecaster.When(
            ThroughputSample.FromDailyCounts([1], Today), WhenRequest.Items(3), new ForecastOptions { Trials = trials }));

    private sealed class MaxProgress : IProgress<double>
    {
        private readonly Lock _gate = new();

        public double Max { get; private set; }

        public int Calls { get; private set; }

        public void Report(double value)
        {
            lock (_gate)
            {
                Max = Math.Max(Max, value);
                Calls++;
            }
        }
    }
}
