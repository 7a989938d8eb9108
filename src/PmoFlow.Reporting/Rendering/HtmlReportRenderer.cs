using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using PmoFlow.Reporting.Model;

namespace PmoFlow.Reporting.Rendering;

/// <summary>
/// Renders a report as one self-contained HTML file: styles, chart options and the ECharts library inline,
/// no network access, a print stylesheet.
/// </summary>
/// <remarks>
/// Every string of the model is HTML-escaped (<see cref="TextEscaping.Html"/>). Chart options are JSON in
/// <c>&lt;script type="application/json"&gt;</c> elements with <c>&lt; &gt; &amp;</c> escaped
/// (<see cref="TextEscaping.JsonForScript"/>), read with <c>JSON.parse</c>, never evaluated. A Content
/// Security Policy allows only the two inline scripts PmoFlow wrote (by SHA-256 hash), so even a missed
/// escape could not run injected script. Charts use ECharts' SVG renderer. Thread-safe.
/// </remarks>
public static class HtmlReportRenderer
{
    private static readonly JsonSerializerOptions OptionJson = new()
    {
        // Non-ASCII stays readable; JsonForScript then escapes the characters that matter inside <script>.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = false,
    };

    private static readonly string BootstrapHash = EChartsAsset.Sha256Base64(HtmlAssets.Bootstrap);

    /// <summary>The report as an HTML document.</summary>
    public static string Render(ReportModel model)
    {
        var sb = new StringBuilder(256 * 1024);
        using var writer = new StringWriter(sb, CultureInfo.InvariantCulture);
        Render(model, writer);
        return sb.ToString();
    }

    /// <summary>Writes the report as an HTML document.</summary>
    public static void Render(ReportModel model, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(output);
        var w = new HtmlWriter(output);

        w.Raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        w.Raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        w.Raw("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src ")
            .Raw(EChartsAsset.CspHash).Raw(" ").Raw(BootstrapHash)
            .Raw("; style-src 'unsafe-inline'; img-src data: blob:; base-uri 'none'; form-action 'none'\">\n");
        w.Raw("<meta name=\"generator\" content=\"PmoFlow\">\n");
        w.Raw("<title>").Text(model.Title).Raw("</title>\n<style>").Raw(HtmlAssets.Styles).Raw("</style>\n</head>\n<body>\n");

        RenderBody(model, output);

        w.Raw("<script>").Raw(EChartsAsset.Source).Raw("</script>\n");
        w.Raw("<script>").Raw(HtmlAssets.Bootstrap).Raw("</script>\n</body>\n</html>\n");
    }

    /// <summary>The report's stylesheet (what the page inlines in its &lt;style&gt; element).</summary>
    public static string Stylesheet => HtmlAssets.Styles;

    /// <summary>
    /// The chart bootstrap script (what the page inlines after ECharts): draws every <c>div.chart[data-options]</c>
    /// from its JSON options element and marks it <c>data-rendered="true"</c> when ECharts has finished.
    /// </summary>
    public static string ChartBootstrapScript => HtmlAssets.Bootstrap;

    /// <summary>
    /// Writes the report's body content only (header, headline cards, warnings, sections with chart containers and
    /// their JSON options, tables, footer), escaped as in <see cref="Render(ReportModel, TextWriter)"/>: for hosts that
    /// wrap it in their own page and load <see cref="EChartsAsset"/> and <see cref="ChartBootstrapScript"/> themselves.
    /// </summary>
    public static void RenderBody(ReportModel model, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(output);
        var w = new HtmlWriter(output);
        WriteHeader(w, model);
        WriteHeadlines(w, model);
        WriteWarnings(w, model);
        foreach (var section in model.Sections)
        {
            WriteSection(w, section);
        }

        WriteFooter(w, model);
    }

    /// <summary>
    /// Writes one section (heading, notes, chart containers with their JSON options, tables), escaped as in
    /// <see cref="Render(ReportModel, TextWriter)"/>: for hosts that show a single section on its own page.
    /// </summary>
    public static void RenderSection(ReportSection section, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(output);
        WriteSection(new HtmlWriter(output), section);
    }

    private static void WriteHeader(HtmlWriter w, ReportModel model)
    {
        w.Raw("<header>\n<h1>").Text(model.StreamName).Raw(" <span class=\"subtitle\">flow report</span></h1>\n");
        w.Raw("<p class=\"period\">").Text(model.Period.Label).Raw(": ")
            .Text(FigureFormat.Date(model.Period.From)).Raw(" to ").Text(FigureFormat.Date(model.Period.To))
            .Raw(" (").Text(model.TimeZone).Raw(")");
        if (model.PreviousPeriod is { } previous)
        {
            w.Raw(", compared with ").Text(previous.Label);
        }

        w.Raw("</p>\n</header>\n");
    }

    private static void WriteHeadlines(HtmlWriter w, ReportModel model)
    {
        if (model.Headlines.Count == 0)
        {
            return;
        }

        w.Raw("<section class=\"headlines\" aria-label=\"Headline figures\">\n");
        foreach (var h in model.Headlines)
        {
            var css = h.Change.Assessment switch
            {
                ChangeAssessment.Better => "better",
                ChangeAssessment.Worse => "worse",
                _ => "neutral",
            };
            w.Raw("<div class=\"card ").Raw(css).Raw("\" data-metric=\"").Text(h.Metric.ToString()).Raw("\">");
            w.Raw("<div class=\"label\">").Text(h.Label).Raw("</div>");
            w.Raw("<div class=\"value\">").Text(FigureFormat.Value(h, h.Value)).Raw("</div>");
            w.Raw("<div class=\"change\"><span class=\"arrow\">").Text(FigureFormat.Arrow(h.Change.Direction)).Raw("</span> ")
                .Text(FigureFormat.Delta(h)).Raw(" <span class=\"assessment\">(").Text(FigureFormat.Assessment(h.Change)).Raw(")</span></div>");
            w.Raw("<div class=\"previous\">previously ").Text(FigureFormat.Value(h, h.Previous)).Raw("</div>");
            if (h.Note is not null)
            {
                w.Raw("<div class=\"note\">").Text(h.Note).Raw("</div>");
            }

            w.Raw("</div>\n");
        }

        w.Raw("</section>\n");
    }

    private static void WriteWarnings(HtmlWriter w, ReportModel model)
    {
        if (model.Warnings.Count == 0)
        {
            return;
        }

        w.Raw("<section class=\"warnings\" aria-label=\"Data quality\">\n<h2>Data quality</h2>\n<ul>\n");
        foreach (var warning in model.Warnings)
        {
            w.Raw("<li data-code=\"").Text(warning.Code).Raw("\">").Text(warning.Message);
            if (warning.ItemCount is { } n)
            {
                w.Raw(" <span class=\"count\">(").Text(n.ToString(CultureInfo.InvariantCulture)).Raw(n == 1 ? " item)" : " items)").Raw("</span>");
            }

            w.Raw("</li>\n");
        }

        w.Raw("</ul>\n</section>\n");
    }

    private static void WriteSection(HtmlWriter w, ReportSection section)
    {
        w.Raw("<section class=\"report-section\" id=\"section-").Text(section.Id).Raw("\">\n<h2>").Text(section.Title).Raw("</h2>\n");
        foreach (var note in section.Notes)
        {
            w.Raw("<p class=\"note\">").Text(note).Raw("</p>\n");
        }

        foreach (var chart in section.Charts)
        {
            var json = TextEscaping.JsonForScript(chart.Option.ToJsonString(OptionJson));
            w.Raw("<figure class=\"chart-figure\">\n<figcaption>").Text(chart.Title).Raw("</figcaption>\n");
            w.Raw("<div class=\"chart\" id=\"chart-").Text(chart.Id).Raw("\" data-options=\"options-").Text(chart.Id)
                .Raw("\" role=\"img\" aria-label=\"").Text(chart.Description).Raw("\" style=\"height:")
                .Raw(chart.HeightPx.ToString(CultureInfo.InvariantCulture)).Raw("px\"></div>\n");
            w.Raw("<script type=\"application/json\" id=\"options-").Text(chart.Id).Raw("\">").Raw(json).Raw("</script>\n");
            w.Raw("<p class=\"chart-description\">").Text(chart.Description).Raw("</p>\n</figure>\n");
        }

        foreach (var table in section.Tables)
        {
            WriteTable(w, table);
        }

        w.Raw("</section>\n");
    }

    private static void WriteTable(HtmlWriter w, ReportTable table)
    {
        w.Raw("<div class=\"table-wrap\">\n<table class=\"data\" id=\"table-").Text(table.Id).Raw("\">\n<caption>").Text(table.Title);
        w.Raw(" <span class=\"count\">(").Raw(table.Rows.Count.ToString(CultureInfo.InvariantCulture)).Raw(")</span></caption>\n<thead><tr>");
        foreach (var column in table.Columns)
        {
            w.Raw(column.Kind == ColumnKind.Number ? "<th scope=\"col\" class=\"num\">" : "<th scope=\"col\">").Text(column.Name).Raw("</th>");
        }

        w.Raw("</tr></thead>\n<tbody>\n");
        if (table.Rows.Count == 0)
        {
            w.Raw("<tr class=\"empty\"><td colspan=\"").Raw(table.Columns.Count.ToString(CultureInfo.InvariantCulture)).Raw("\">")
                .Text(table.EmptyText).Raw("</td></tr>\n");
        }

        foreach (var row in table.Rows)
        {
            w.Raw("<tr>");
            for (var i = 0; i < row.Count; i++)
            {
                w.Raw(table.Columns[i].Kind switch
                {
                    ColumnKind.Number => "<td class=\"num\">",
                    ColumnKind.Date => "<td class=\"date\">",
                    _ => "<td>",
                }).Text(row[i]).Raw("</td>");
            }

            w.Raw("</tr>\n");
        }

        w.Raw("</tbody>\n</table>\n</div>\n");
    }

    private static void WriteFooter(HtmlWriter w, ReportModel model)
    {
        w.Raw("<footer>\n");
        if (model.Attribution is not null)
        {
            w.Raw("<p class=\"attribution\">").Text(model.Attribution).Raw("</p>\n");
        }

        w.Raw("<p class=\"generated\">Generated by PmoFlow at ")
            .Text(model.GeneratedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture))
            .Raw(". Charts: Apache ECharts.</p>\n</footer>\n");
    }

    /// <summary>Keeps "raw" and "escaped" writes apart, so each call site says which it is.</summary>
    private sealed class HtmlWriter(TextWriter output)
    {
        public HtmlWriter Raw(string trustedMarkup)
        {
            output.Write(trustedMarkup);
            return this;
        }

        public HtmlWriter Text(string? untrusted)
        {
            output.Write(TextEscaping.Html(untrusted));
            return this;
        }
    }
}
