using FsCheck;
using FsCheck.Fluent;
using PmoFlow.Reporting.Model;
using PmoFlow.Reporting.Rendering;

namespace PmoFlow.Reporting.Tests.Model;

public class HeadlineFigureTests
{
    [Theory]
    // Throughput 12 vs 10: +2, up, higher is better.
    [InlineData(HeadlineMetric.Throughput, 12, 10, 2, ChangeDirection.Up, ChangeAssessment.Better)]
    [InlineData(HeadlineMetric.Throughput, 8, 10, -2, ChangeDirection.Down, ChangeAssessment.Worse)]
    // Cycle time 9.5 vs 8: +1.5 days, up, lower is better: worse.
    [InlineData(HeadlineMetric.CycleTimeP85, 9.5, 8, 1.5, ChangeDirection.Up, ChangeAssessment.Worse)]
    [InlineData(HeadlineMetric.CycleTimeP50, 3, 4, -1, ChangeDirection.Down, ChangeAssessment.Better)]
    // WIP 7 vs 8: -1, down, lower is better.
    [InlineData(HeadlineMetric.Wip, 7, 8, -1, ChangeDirection.Down, ChangeAssessment.Better)]
    // Flow efficiency 0.30 vs 0.25: +0.05 (5 pp), better.
    [InlineData(HeadlineMetric.FlowEfficiency, 0.30, 0.25, 0.05, ChangeDirection.Up, ChangeAssessment.Better)]
    [InlineData(HeadlineMetric.SleAttainment, 0.90, 0.95, -0.05, ChangeDirection.Down, ChangeAssessment.Worse)]
    // 0.2504 - 0.2500 = 0.0004 rounds to 0.000 at 0.1 pp precision: flat.
    [InlineData(HeadlineMetric.FlowEfficiency, 0.2504, 0.25, 0, ChangeDirection.Flat, ChangeAssessment.Neutral)]
    // 8.04 - 8 = 0.04 rounds to 0.0 days: flat.
    [InlineData(HeadlineMetric.CycleTimeP85, 8.04, 8, 0, ChangeDirection.Flat, ChangeAssessment.Neutral)]
    [InlineData(HeadlineMetric.Throughput, 10, 10, 0, ChangeDirection.Flat, ChangeAssessment.Neutral)]
    public void Create_TwoValues_ComputesDeltaDirectionAndAssessment(
        HeadlineMetric metric, double value, double previous, double delta, ChangeDirection direction, ChangeAssessment assessment)
    {
        var figure = HeadlineFigure.Create(metric, value, previous);

        Assert.Equal(delta, figure.Change.Delta!.Value, 10);
        Assert.Equal(direction, figure.Change.Direction);
        Assert.Equal(assessment, figure.Change.Assessment);
    }

    [Fact]
    public void Create_FloatingPointDifference_IsRoundedToDisplayPrecision()
    {
        // 0.3 - 0.1 is 0.19999999999999998 in binary floating point; the report shows 0.2.
        var figure = HeadlineFigure.Create(HeadlineMetric.FlowEfficiency, 0.3, 0.1);
        Assert.Equal(0.2, figure.Change.Delta);
    }

    [Theory]
    [InlineData(null, 10.0)]
    [InlineData(10.0, null)]
    [InlineData(null, null)]
    public void Create_MissingValue_IsUnknownNotZero(double? value, double? previous)
    {
        var figure = HeadlineFigure.Create(HeadlineMetric.Throughput, value, previous);

        Assert.Null(figure.Change.Delta);
        Assert.Equal(ChangeDirection.Unknown, figure.Change.Direction);
        Assert.Equal(ChangeAssessment.Unknown, figure.Change.Assessment);
    }

    [Fact]
    public void Between_NeutralPolarity_IsNeverBetterOrWorse()
    {
        var neutral = new MetricDefinition(HeadlineMetric.Wip, "x", "items", MetricPolarity.Neutral, 0);
        Assert.Equal(ChangeAssessment.Neutral, HeadlineChange.Between(neutral, 5, 3).Assessment);
        Assert.Equal(ChangeDirection.Up, HeadlineChange.Between(neutral, 5, 3).Direction);
    }

    [Fact]
    public void Between_AnyValues_AssessmentFollowsDirectionAndPolarity()
    {
        var metrics = Enum.GetValues<HeadlineMetric>();
        Prop.ForAll<int, int, int>((m, a, b) =>
        {
            var definition = MetricDefinition.Of(metrics[Math.Abs(m % metrics.Length)]);
            var change = HeadlineChange.Between(definition, a / 100.0, b / 100.0);
            // Clearly beyond display precision the sign decides; equal values are flat; in between either is fine.
            var precision = Math.Pow(10, -definition.Decimals);
            var difference = (a - b) / 100.0;
            var directionOk = Math.Abs(difference) >= precision
                ? change.Direction == (difference > 0 ? ChangeDirection.Up : ChangeDirection.Down)
                : a == b ? change.Direction == ChangeDirection.Flat : change.Direction != ChangeDirection.Unknown;
            var good = (change.Direction, definition.Polarity) is (ChangeDirection.Up, MetricPolarity.HigherIsBetter)
                or (ChangeDirection.Down, MetricPolarity.LowerIsBetter);
            var expectedAssessment = change.Direction == ChangeDirection.Flat ? ChangeAssessment.Neutral
                : good ? ChangeAssessment.Better : ChangeAssessment.Worse;
            return directionOk && change.Assessment == expectedAssessment;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void FigureFormat_Values_UseUnitsAndPercentages()
    {
        var efficiency = HeadlineFigure.Create(HeadlineMetric.FlowEfficiency, 0.234, 0.214);
        var cycle = HeadlineFigure.Create(HeadlineMetric.CycleTimeP85, 6.5, 8);
        var throughput = HeadlineFigure.Create(HeadlineMetric.Throughput, 1, null);

        Assert.Equal("23.4%", FigureFormat.Value(efficiency, efficiency.Value));
        Assert.Equal("+2.0 pp", FigureFormat.Delta(efficiency));
        Assert.Equal("6.5 days", FigureFormat.Value(cycle, cycle.Value));
        Assert.Equal("\u22121.5 d", FigureFormat.Delta(cycle));
        Assert.Equal("1 item", FigureFormat.Value(throughput, throughput.Value));
        Assert.Equal("no data", FigureFormat.Value(throughput, throughput.Previous));
        Assert.Equal("n/a", FigureFormat.Delta(throughput));
        Assert.Equal("no comparison", FigureFormat.Assessment(throughput.Change));
    }
}
