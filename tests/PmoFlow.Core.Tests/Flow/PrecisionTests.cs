using PmoFlow.Core.Flow;
using PmoFlow.Core.Model;
using static PmoFlow.Core.Tests.Flow.FlowKit;

namespace PmoFlow.Core.Tests.Flow;

/// <summary>Tables carry figures at full precision (JSON prints them as computed); only text and charts round.</summary>
public class PrecisionTests
{
    [Fact]
    public void Tables_ContinuousDurations_NotRoundedTo3Decimals()
    {
        var options = FlowOptions.PmoFlow with { TimeResolution = TimeResolution.Continuous };
        // Start 2 Jan 00:00, done 2 Jan 21:10:44: 76,244 s = 0.88245370370... days.
        var h = new History("X-1", "2024-01-01T00:00:00Z").To("2024-01-02T00:00:00Z", "In Progress").To("2024-01-02T21:10:44Z", "Done");
        var a = Analyze(Stream(options), "2024-01-10T00:00:00Z", h);
        const double exact = 76_244 / 86_400.0;

        var items = FlowTables.Items(a);
        Assert.Equal(exact, (double)items.Rows[0][items.Columns.ToList().IndexOf("cycle_time")]!);
        var percentiles = FlowTables.Percentiles(a);
        var cycle = percentiles.Rows.Single(r => (string?)r[0] == "cycle_time");
        Assert.Equal(exact, (double)cycle[percentiles.Columns.ToList().IndexOf("p85")]!);
        Assert.NotEqual(0.882, exact);
    }
}
