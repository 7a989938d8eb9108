using System.Globalization;
using PmoFlow.Core.Forecasting;
using PmoFlow.Testing;
using Xunit.Abstractions;

namespace PmoFlow.Core.Tests.Forecasting;

/// <summary>
/// A backtest on real history: Apache OFBiz's Jira status changes (Montgomery, Lüders, Maalej, MSR 2022; CC BY 4.0).
/// </summary>
public class OfbizBacktestTests(ITestOutputHelper output)
{
    private static readonly HashSet<string> DoneStatuses = ["Resolved", "Closed"];

    [Fact]
    public void Backtest_Ofbiz2019To2021_ScoresEveryWeekAndHigherPercentilesHitMoreOften()
    {
        var done = DoneDates(TestPaths.Data("apache-jira", "OFBIZ_status_events.csv"));
        var result = Backtester.Run(done, new BacktestOptions
        {
            From = new DateOnly(2019, 1, 1),
            To = new DateOnly(2021, 6, 30),
            StepDays = 7,
            HowManyDays = 14,
            WhenItems = 20,
        });

        foreach (var s in result.Summary)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{s.Question} P{s.Percentile}: {s.Hits}/{s.Points} = {s.HitRate:0.000}, mean error {s.MeanError:0.0}, MAE {s.MeanAbsoluteError:0.0}"));
        }

        // 2019-01-01..2021-06-30 weekly is 131 as-of dates; every one has a known outcome (data runs to 2022-01).
        Assert.All(result.Summary, s => Assert.Equal(131, s.Points));
        foreach (var question in new[] { BacktestQuestion.HowMany, BacktestQuestion.When })
        {
            var rates = result.Summary.Where(s => s.Question == question).Select(s => s.HitRate!.Value).ToList();
            Assert.Equal(rates.Order(), rates);
        }
    }

    [Fact]
    public void DoneDates_ReopenedThenClosedAgain_CountsTheLaterClose()
    {
        // Open → Resolved (day 1), Resolved → Reopened (day 2), Reopened → Closed (day 3): Done is day 3 (METRICS §2);
        // an item that ends outside done is not done; Resolved → Closed does not move Done.
        string[] lines =
        [
            "issue_key,event_time,from_status,to_status",
            "A-1,2020-01-01T10:00:00.000000+00:00,Open,Resolved",
            "A-1,2020-01-02T10:00:00.000000+00:00,Resolved,Reopened",
            "A-1,2020-01-03T10:00:00.000000+00:00,Reopened,Closed",
            "A-2,2020-01-01T10:00:00.000000+00:00,Open,Resolved",
            "A-2,2020-01-05T10:00:00.000000+00:00,Resolved,Reopened",
            "A-3,2020-01-01T10:00:00.000000+00:00,Open,Resolved",
            "A-3,2020-01-04T10:00:00.000000+00:00,Resolved,Closed",
        ];

        Assert.Equal([new DateOnly(2020, 1, 1), new DateOnly(2020, 1, 3)], DoneDatesFromLines(lines).Order());
    }

    private static List<DateOnly> DoneDates(string path) => DoneDatesFromLines(File.ReadLines(path));

    // A test-local approximation of METRICS §2's Done in UTC dates (the real timelines live in PmoFlow.Core.Flow).
    private static List<DateOnly> DoneDatesFromLines(IEnumerable<string> lines)
    {
        var byItem = new Dictionary<string, List<(DateTimeOffset At, string From, string To)>>(StringComparer.Ordinal);
        foreach (var line in lines.Skip(1))
        {
            var f = line.Split(',');
            var at = DateTimeOffset.Parse(f[1], CultureInfo.InvariantCulture);
            if (!byItem.TryGetValue(f[0], out var list))
            {
                byItem[f[0]] = list = [];
            }

            list.Add((at, f[2], f[3]));
        }

        var result = new List<DateOnly>();
        foreach (var events in byItem.Values)
        {
            events.Sort((a, b) => a.At.CompareTo(b.At));
            if (!DoneStatuses.Contains(events[^1].To))
            {
                continue;
            }

            var last = events.Last(e => DoneStatuses.Contains(e.To) && !DoneStatuses.Contains(e.From));
            result.Add(DateOnly.FromDateTime(last.At.UtcDateTime));
        }

        return result;
    }
}
