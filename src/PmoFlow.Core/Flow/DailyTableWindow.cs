namespace PmoFlow.Core.Flow;

/// <summary>
/// The days the daily tables (<c>throughput_daily</c>, <c>wip_daily</c>, <c>cfd</c>, <c>arrivals</c>) show when no
/// window was asked for: the last <see cref="DefaultWeeks"/> weeks ending on the day of the stream's last event or on
/// the window's end (the as-of date), whichever comes first. A year of data is ~84 rows per table
/// instead of ~365; <c>--from/--to</c> show exactly the window asked for.
/// </summary>
public static class DailyTableWindow
{
    /// <summary>Weeks shown by default.</summary>
    public const int DefaultWeeks = 12;

    /// <summary>The names of the daily tables this window applies to.</summary>
    public static IReadOnlyList<string> DailyTables { get; } = ["throughput_daily", "wip_daily", "cfd", "arrivals"];

    /// <summary>The default window of the daily tables of an analysis (never wider than the analysis window).</summary>
    public static FlowWindow Default(FlowAnalysis analysis)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        var end = analysis.Window.To;
        if (analysis.LastEventDate is { } last && last < end && last >= analysis.Window.From)
        {
            end = last;
        }

        var from = end.AddDays(-(DefaultWeeks * 7) + 1);
        return new FlowWindow(from < analysis.Window.From ? analysis.Window.From : from, end);
    }

    /// <summary>
    /// Keeps the rows of a daily table whose <c>date</c> lies in the window; other tables are returned unchanged.
    /// </summary>
    public static Table Restrict(Table table, FlowWindow window)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(window);
        var dateColumn = table.Columns.ToList().IndexOf("date");
        if (!DailyTables.Contains(table.Name) || dateColumn < 0)
        {
            return table;
        }

        var rows = table.Rows.Where(r => r[dateColumn] switch
        {
            string s when DateOnly.TryParseExact(s, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var d) => window.Contains(d),
            DateOnly d => window.Contains(d),
            _ => true,
        }).ToList();
        return table with { Rows = rows };
    }
}
