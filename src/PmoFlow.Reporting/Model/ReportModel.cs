namespace PmoFlow.Reporting.Model;

/// <summary>
/// One report for one value stream and one period: headline figures against the previous period,
/// data-quality warnings, an attribution line and sections of charts and tables.
/// </summary>
/// <remarks>
/// A plain, immutable description of what a report shows; the renderers (HTML, Markdown, CSV, JSON)
/// only format it. Every string may come from a tracker and is escaped by each renderer for its own
/// format; callers pass raw text. Build one with <see cref="ReportBuilder"/> from plain series, or
/// assemble the sections by hand.
/// </remarks>
public sealed record ReportModel
{
    /// <summary>Version of the JSON shape written by <c>JsonReportRenderer</c>.</summary>
    public const int CurrentSchemaVersion = 1;

    /// <summary>Version of the JSON shape (see <see cref="CurrentSchemaVersion"/>).</summary>
    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    /// <summary>The value stream's name.</summary>
    public required string StreamName { get; init; }

    /// <summary>The period reported on.</summary>
    public required ReportPeriod Period { get; init; }

    /// <summary>The period the headline figures are compared with, if any.</summary>
    public ReportPeriod? PreviousPeriod { get; init; }

    /// <summary>The IANA time zone the stream's days are bucketed in (e.g. <c>Europe/London</c>).</summary>
    public string TimeZone { get; init; } = "UTC";

    /// <summary>When the report was produced (an instant; shown in UTC).</summary>
    public required DateTimeOffset GeneratedAt { get; init; }

    /// <summary>The headline figures, in display order.</summary>
    public IReadOnlyList<HeadlineFigure> Headlines { get; init; } = [];

    /// <summary>Data-quality warnings (unmapped statuses, few completions, ...).</summary>
    public IReadOnlyList<DataQualityWarning> Warnings { get; init; } = [];

    /// <summary>
    /// The credit line a data set's licence requires (e.g. "Data: Apache OFBiz Jira, via Montgomery,
    /// Lüders &amp; Maalej (MSR 2022), CC BY 4.0"); null when none is needed.
    /// </summary>
    public string? Attribution { get; init; }

    /// <summary>The report's sections in display order.</summary>
    public IReadOnlyList<ReportSection> Sections { get; init; } = [];

    /// <summary>The report's title, e.g. "Checkout flow report, 2024-W05".</summary>
    public string Title => $"{StreamName} flow report, {Period.Label}";

    /// <summary>Every table of every section, in display order.</summary>
    public IEnumerable<ReportTable> AllTables() => Sections.SelectMany(s => s.Tables);

    /// <summary>Every chart of every section, in display order.</summary>
    public IEnumerable<ReportChart> AllCharts() => Sections.SelectMany(s => s.Charts);
}

/// <summary>A reporting period of local calendar dates in the stream's time zone.</summary>
/// <param name="From">First day of the period (included).</param>
/// <param name="To">Last day of the period (included).</param>
/// <param name="Label">How the period is named, e.g. "2024-W05" or "January 2024".</param>
public sealed record ReportPeriod(DateOnly From, DateOnly To, string Label)
{
    /// <summary>The ISO week (Monday to Sunday) holding <paramref name="day"/>, labelled "yyyy-Www".</summary>
    public static ReportPeriod IsoWeek(DateOnly day) => WeekOf(Core.Model.StreamCalendar.Utc, day);

    /// <summary>
    /// The week of <paramref name="calendar"/> holding <paramref name="day"/>: an ISO week ("2024-W05") when weeks end on
    /// Sunday, else the week ending on the calendar's weekday ("week ending 2024-02-02").
    /// </summary>
    public static ReportPeriod WeekOf(Core.Model.StreamCalendar calendar, DateOnly day)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        return new ReportPeriod(calendar.WeekStart(day), calendar.WeekEnd(day), calendar.WeekLabel(day));
    }

    /// <summary>The period of the same length that ends the day before this one starts.</summary>
    public ReportPeriod Previous(string label)
    {
        var days = To.DayNumber - From.DayNumber + 1;
        return new ReportPeriod(From.AddDays(-days), From.AddDays(-1), label);
    }

    /// <summary>The number of days in the period (both ends included).</summary>
    public int Days => To.DayNumber - From.DayNumber + 1;
}

/// <summary>A data-quality warning shown near the top of the report.</summary>
/// <param name="Code">A stable machine-readable code, e.g. <c>unmapped-status</c>.</param>
/// <param name="Message">The human-readable message (may hold tracker text; renderers escape it).</param>
/// <param name="ItemCount">How many items it concerns, when known.</param>
public sealed record DataQualityWarning(string Code, string Message, int? ItemCount = null);
