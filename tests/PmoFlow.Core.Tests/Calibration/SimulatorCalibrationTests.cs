using PmoFlow.Core.Flow;
using PmoFlow.Core.Forecasting;
using PmoFlow.Core.Model;
using PmoFlow.Core.Simulation;
using Xunit.Abstractions;

namespace PmoFlow.Core.Tests.Calibration;

/// <summary>
/// Forecast calibration against the sample generator's simulated delivery system, whose true process is known:
/// a P85 "how many in the next 4 weeks" must be right about 85% of the time.
/// </summary>
public class SimulatorCalibrationTests(ITestOutputHelper output)
{
    [Fact]
    public void HowMany_P85OnSimulatedSystems_IsRightAbout85PercentOfTheTime()
    {
        // 100 independent simulated systems (seeds 1..100). On each: stand on day 240 (well past the warm-up),
        // sample the last 90 days' throughput on the teams' Mon-Fri calendar, forecast how many items finish in the
        // next 28 days at 85% confidence, then count what the simulation actually finished in those days.
        const int runs = 100;
        var hits = 0;
        var stream = Stream();
        for (var seed = 1; seed <= runs; seed++)
        {
            var p = new SimulationParameters { Seed = seed, Days = 300 };
            var sim = DeliverySimulator.Run(p);
            var today = p.Start.AddDays(240);
            var asOf = EndOfDay(today, stream.TimeZone);
            var known = FlowAnalyzer.Analyze(stream, sim.Items, sim.Events.Where(e => e.At <= asOf), new FlowQuery { AsOf = asOf });
            var sample = ThroughputSampler.Sample(known.CompletionDates, today, new SamplingOptions { Calendar = stream.Calendar });
            var forecast = Forecaster.HowMany(sample, today.AddDays(28), new ForecastOptions { Percentiles = [85] });
            var predicted = forecast.Percentiles.Single().Items;

            var end = EndOfDay(today.AddDays(28), stream.TimeZone);
            var all = FlowAnalyzer.Analyze(stream, sim.Items, sim.Events.Where(e => e.At <= end), new FlowQuery { AsOf = end });
            var actual = all.CompletionDates.Count(d => d > today && d <= today.AddDays(28));
            if (actual >= predicted)
            {
                hits++;
            }
        }

        // Binomial standard error of a 0.85 hit rate over 100 runs is 0.036; allow 3 standard errors (0.74..0.96).
        var rate = hits / (double)runs;
        output.WriteLine($"P85 hit rate over {runs} simulated systems: {rate:0.00}");
        Assert.InRange(rate, 0.74, 0.96);
    }

    private static StreamDefinition Stream() => new()
    {
        Name = "simulated",
        TimeZone = TimeZoneInfo.FindSystemTimeZoneById("Europe/London"),
        Workflow = new Workflow([.. DeliverySimulator.Workflow.Select(s => new Stage(s.Name, Enum.Parse<StageCategory>(s.Category, ignoreCase: true), [s.Name]))]),
        Calendar = WorkingCalendar.Weekdays,
    };

    private static DateTimeOffset EndOfDay(DateOnly day, TimeZoneInfo zone)
    {
        var next = day.AddDays(1).ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(next, zone.GetUtcOffset(next)).AddTicks(-1);
    }
}
