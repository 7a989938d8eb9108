using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PmoFlow.Core.Flow;
using PmoFlow.Streams.Configuration;
using PmoFlow.Reporting.Rendering;
using PmoFlow.Server.Api;
using PmoFlow.Server.Data;
using PmoFlow.Server.Hosting;

namespace PmoFlow.Server.Pages;

/// <summary>The dashboard's pages: streams, a stream's overview (the report's charts), items with filters, forecasts.</summary>
/// <remarks>
/// Pages are rendered on the server; every tracker string is HTML-escaped. Scripts are files under /assets and the
/// Content Security Policy allows scripts from this origin only, so no inline or injected script can run.
/// </remarks>
internal static class DashboardPages
{
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
        + "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    private const int PageSize = 100;

    public static void Map(IEndpointRouteBuilder app, ServerOptions options, StreamCache cache, HeavyWorkLimiter heavy)
    {
        app.MapGet("/", () => Page("Value streams", null, null, StreamsList(options.Config)));
        app.MapGet("/streams/{stream}", (string stream, HttpRequest request, CancellationToken ct) =>
            WithStream(options, cache, stream, request, s => Overview(heavy, options, s), ct, heavy));
        app.MapGet("/streams/{stream}/items", (string stream, HttpRequest request, CancellationToken ct) =>
            WithStream(options, cache, stream, request, s => Items(s, request), ct));
        app.MapGet("/streams/{stream}/forecast", (string stream, HttpRequest request, CancellationToken ct) =>
            WithStream(options, cache, stream, request, Forecast, ct));
        app.MapGet("/streams/{stream}/value", (string stream, HttpRequest request, CancellationToken ct) =>
            WithStream(options, cache, stream, request, s => Value(heavy, options, s), ct, heavy));
    }

    /// <summary>An HTML page with the dashboard's security headers.</summary>
    public static IResult Page(string title, string? stream, string? active, string body, int status = StatusCodes.Status200OK) =>
        new PageResult(Layout(title, stream, active, body), status);

    /// <summary>Finds the stream (a 404 page when unknown), reads the request's as-of and renders off the request thread.</summary>
    internal static async Task<IResult> WithStream(
        ServerOptions options, StreamCache cache, string name, HttpRequest http, Func<StreamSnapshot, IResult> page, CancellationToken ct,
        HeavyWorkLimiter? heavy = null)
    {
        var stream = StreamsApi.Find(options, name);
        if (stream is null)
        {
            var b = new HtmlBuilder().Raw("<h1>Unknown stream</h1><p>No stream is named “").Text(name)
                .Raw("”. <a href=\"/\">See the streams</a>.</p>");
            return Page("Unknown stream", null, null, b.ToString(), StatusCodes.Status404NotFound);
        }

        var snapshot = await cache.GetAsync(stream, ct);
        if (!StreamsApi.TryAsOf(snapshot, http, out var view, out _))
        {
            var b = new HtmlBuilder().Raw("<h1>Invalid as-of</h1><p>").Text(http.Query["asOf"].ToString())
                .Raw(" is not a date (yyyy-MM-dd, -1w) or an ISO instant. <a href=\"?\">Back to now</a>.</p>");
            return Page("Invalid as-of", name, null, b.ToString(), StatusCodes.Status400BadRequest);
        }

        IResult result;
        if (heavy is null || view.HasReport(view.Today))
        {
            result = await Task.Run(() => page(view), ct);
        }
        else
        {
            result = await heavy.RunAsync(() => page(view), ct, () => Page("Busy", view.Stream.Definition.Name, null,
                $"<h1>Busy</h1><p id=\"busy\">Other reports are being built; reload this page in {heavy.RetryAfterSeconds} s.</p>",
                StatusCodes.Status429TooManyRequests));
        }

        return result is PageResult html ? html.WithAsOf(view, http.Query.ContainsKey("asOf") ? view.Today : null) : result;
    }

    private static string Layout(string title, string? stream, string? active, string body)
    {
        var h = new HtmlBuilder();
        h.Raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        h.Raw("<title>").Text(title).Raw(" · PmoFlow</title>\n<link rel=\"stylesheet\" href=\"/assets/dashboard.css\">\n</head>\n<body>\n<nav class=\"top\">");
        h.Raw("<a class=\"brand\" href=\"/\">PmoFlow</a>");
        if (stream is not null)
        {
            void Tab(string id, string label, string suffix)
            {
                h.Raw("<a href=\"/streams/").Segment(stream).Raw(suffix).Raw(AsOfQuery).Raw("\"").Raw(active == id ? " class=\"active\"" : string.Empty)
                    .Raw(">").Text(label).Raw("</a>");
            }

            h.Raw("<span class=\"muted\">").Text(stream).Raw("</span>");
            Tab("overview", "Overview", string.Empty);
            Tab("items", "Items", "/items");
            Tab("board", "Board", "/board");
            Tab("forecast", "Forecast", "/forecast");
            Tab("value", "Value", "/value");
            Tab("what-if", "What-ifs", "/what-if");
            h.Raw(AsOfPicker);
        }

        h.Raw("<a href=\"/dashboards\"").Raw(active == "dashboards" ? " class=\"active\"" : string.Empty).Raw(">Dashboards</a>");
        h.Raw("<a href=\"/openapi.json\">API</a></nav>\n<main>\n").Raw(body).Raw("\n</main>\n");
        h.Raw("<script src=\"/assets/echarts.min.js\"></script>\n<script src=\"/assets/charts.js\"></script>\n<script src=\"/assets/dashboard.js\"></script>\n</body>\n</html>\n");
        return h.ToString();
    }

    private static string StreamsList(PmoFlowConfig config)
    {
        var h = new HtmlBuilder();
        h.Raw("<h1>Value streams</h1>\n<div class=\"table-wrap\"><table class=\"data\" id=\"streams\"><thead><tr>")
            .Raw("<th>Stream</th><th>Time zone</th><th>Workflow</th><th class=\"num\">SLE (days)</th><th>Pages</th></tr></thead><tbody>\n");
        foreach (var s in config.Streams)
        {
            var d = s.Definition;
            h.Raw("<tr><td><a href=\"/streams/").Segment(d.Name).Raw("\">").Text(d.Name).Raw("</a></td><td>").Text(d.TimeZone.Id).Raw("</td><td>")
                .Text(string.Join(" → ", d.Workflow.Stages.Select(x => x.Name))).Raw("</td><td class=\"num\">").Number(d.SleDays).Raw("</td><td>")
                .Raw("<a href=\"/streams/").Segment(d.Name).Raw("/items\">items</a> · <a href=\"/streams/").Segment(d.Name)
                .Raw("/forecast\">forecast</a> · <a href=\"/streams/").Segment(d.Name).Raw("/value\">value</a></td></tr>\n");
        }

        return h.Raw("</tbody></table></div>").ToString();
    }

    private static IResult Overview(HeavyWorkLimiter heavy, ServerOptions options, StreamSnapshot snapshot)
    {
        var report = snapshot.Report(options.Config, snapshot.Today, heavy.Parallelism);
        var h = new HtmlBuilder();
        using (var w = h.Writer)
        {
            HtmlReportRenderer.RenderBody(report, w);
        }

        h.Raw("<p class=\"muted\">Figures as of ").Text(snapshot.AsOf.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture))
            .Raw(". <a href=\"/api/streams/").Segment(snapshot.Stream.Definition.Name).Raw("/reports/")
            .Text(report.Period.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))
            .Raw("?format=html\">This week's report as one file</a>.</p>");
        return Page(snapshot.Stream.Definition.Name, snapshot.Stream.Definition.Name, "overview", h.ToString());
    }

    private static IResult Value(HeavyWorkLimiter heavy, ServerOptions options, StreamSnapshot snapshot)
    {
        var name = snapshot.Stream.Definition.Name;
        var h = new HtmlBuilder();
        h.Raw("<h1>Value <span class=\"muted\">").Text(name).Raw("</span></h1>\n");
        var section = snapshot.Portfolio is null
            ? null
            : snapshot.Report(options.Config, snapshot.Today, heavy.Parallelism).Sections.FirstOrDefault(s => s.Id == "value");
        if (section is null)
        {
            h.Raw("<p class=\"note\" id=\"no-portfolio\">No portfolio: write <code>portfolio.yaml</code> beside <code>pmoflow.yaml</code> ")
                .Raw("(see samples/portfolio.yaml) or load one with <code>pmoflow portfolio</code>.</p>");
            return Page("Value", name, "value", h.ToString());
        }

        using (var w = h.Writer)
        {
            HtmlReportRenderer.RenderSection(section, w);
        }

        h.Raw("<p class=\"muted\">Figures as of ").Text(snapshot.AsOf.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture))
            .Raw(". <a href=\"/api/streams/").Segment(name).Raw("/portfolio\">The portfolio as JSON</a>.</p>");
        return Page("Value", name, "value", h.ToString());
    }

    private static IResult Items(StreamSnapshot snapshot, HttpRequest request)
    {
        var name = snapshot.Stream.Definition.Name;
        var q = new QueryReader(request.Query);
        var filter = ItemFilter.Read(q);
        var offset = q.Int("offset", 0, int.MaxValue) ?? 0;
        if (q.HasErrors)
        {
            var e = new HtmlBuilder().Raw("<h1>Bad filter</h1><p>").Text("The filters are not valid; check them and try again.").Raw("</p>");
            return Page("Items", name, "items", e.ToString() + FilterForm(snapshot, new ItemFilter(null, null, null)), StatusCodes.Status400BadRequest);
        }

        var matches = filter.Apply(snapshot.Items).ToList();
        var h = new HtmlBuilder();
        h.Raw("<h1>Items <span class=\"muted\">").Text(name).Raw("</span></h1>\n").Raw(FilterForm(snapshot, filter));
        h.Raw("<p class=\"muted\" id=\"items-count\">").Raw(matches.Count.ToString(CultureInfo.InvariantCulture)).Raw(" items")
            .Raw(matches.Count > PageSize ? $", showing {offset + 1}–{Math.Min(offset + PageSize, matches.Count)}" : string.Empty).Raw("</p>\n");
        h.Raw("<div class=\"table-wrap\"><table class=\"data\" id=\"items\"><thead><tr><th>Key</th><th>Title</th><th>Type</th><th>State</th><th>Stage</th>")
            .Raw("<th>Start</th><th>Done</th><th class=\"num\">Cycle time</th><th class=\"num\">Age</th></tr></thead><tbody>\n");
        foreach (var i in matches.Skip(offset).Take(PageSize))
        {
            h.Raw("<tr><td>").Text(i.Key).Raw("</td><td>").Text(i.Title).Raw("</td><td>").Text(i.Type).Raw("</td><td>").Text(i.State.Name())
                .Raw("</td><td>").Text(i.Stage).Raw("</td><td>").Text(Day(i.Start, snapshot)).Raw("</td><td>").Text(Day(i.Done, snapshot))
                .Raw("</td><td class=\"num\">").Number(i.CycleTime).Raw("</td><td class=\"num\">").Number(i.Age).Raw("</td></tr>\n");
        }

        if (matches.Count == 0)
        {
            h.Raw("<tr class=\"empty\"><td colspan=\"9\">No item matches.</td></tr>\n");
        }

        h.Raw("</tbody></table></div>\n<div class=\"pager\">");
        if (offset > 0)
        {
            h.Raw("<a href=\"").Text(ItemsLink(name, filter, Math.Max(0, offset - PageSize))).Raw("\">← previous</a>");
        }

        if (offset + PageSize < matches.Count)
        {
            h.Raw("<a href=\"").Text(ItemsLink(name, filter, offset + PageSize)).Raw("\">next →</a>");
        }

        h.Raw("</div>");
        return Page("Items", name, "items", h.ToString());
    }

    private static string Day(DateTimeOffset? instant, StreamSnapshot snapshot) =>
        instant is { } t ? Reporting.Streams.FlowMapping.DayOf(t, snapshot.Stream.Definition).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : string.Empty;

    private static string ItemsLink(string stream, ItemFilter filter, int offset)
    {
        var query = new List<string>();
        void Add(string key, string? value)
        {
            if (value is not null)
            {
                query.Add(key + "=" + Uri.EscapeDataString(value));
            }
        }

        Add("state", filter.State);
        Add("type", filter.Type);
        Add("q", filter.Text);
        Add("offset", offset.ToString(CultureInfo.InvariantCulture));
        return "/streams/" + Uri.EscapeDataString(stream) + "/items?" + string.Join("&", query);
    }

    private static string FilterForm(StreamSnapshot snapshot, ItemFilter filter)
    {
        var h = new HtmlBuilder();
        h.Raw("<form class=\"filters\" method=\"get\" id=\"item-filters\"><label>State<select name=\"state\"><option value=\"\">any</option>");
        foreach (var s in StreamsApi.States)
        {
            h.Raw("<option").Raw(s == filter.State ? " selected" : string.Empty).Raw(">").Text(s).Raw("</option>");
        }

        h.Raw("</select></label><label>Type<select name=\"type\"><option value=\"\">any</option>");
        foreach (var t in snapshot.Types)
        {
            h.Raw("<option value=\"").Text(t).Raw("\"").Raw(string.Equals(t, filter.Type, StringComparison.OrdinalIgnoreCase) ? " selected" : string.Empty)
                .Raw(">").Text(t).Raw("</option>");
        }

        h.Raw("</select></label><label>Text<input type=\"search\" name=\"q\" value=\"").Text(filter.Text)
            .Raw("\" placeholder=\"key or title\"></label><button type=\"submit\">Filter</button></form>\n");
        return h.ToString();
    }

    private static IResult Forecast(StreamSnapshot snapshot)
    {
        var name = snapshot.Stream.Definition.Name;
        var api = "/api/streams/" + Uri.EscapeDataString(name) + "/forecasts/";
        var today = snapshot.Today;
        var sample = snapshot.Sample;
        var h = new HtmlBuilder();
        h.Raw("<h1>Forecast <span class=\"muted\">").Text(name).Raw("</span></h1>\n<p class=\"muted\">Forecasts sample the daily throughput of ")
            .Text($"{sample.From:yyyy-MM-dd}..{sample.To:yyyy-MM-dd}").Raw(" (").Raw(sample.Completions.ToString(CultureInfo.InvariantCulture))
            .Raw(" completions); today is ").Text(today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Raw(".</p>\n");
        h.Raw("<h2>When will they be done?</h2>\n<form class=\"forecast\" id=\"form-when\" data-kind=\"when\" data-result=\"result-when\" data-api=\"")
            .Text(api + "when").Raw("\" method=\"get\" action=\"").Text(api + "when").Raw("\">")
            .Raw("<label>Items<input type=\"number\" name=\"items\" min=\"1\" max=\"1000000\" value=\"")
            .Raw(Math.Max(1, snapshot.OpenItems).ToString(CultureInfo.InvariantCulture)).Raw("\"></label>")
            .Raw("<label>Deadline (optional)<input type=\"date\" name=\"deadline\" value=\"")
            .Raw(today.AddDays(28).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Raw("\"></label>")
            .Raw("<button type=\"submit\">Forecast</button></form>\n<div class=\"forecast-result\" id=\"result-when\" aria-live=\"polite\"></div>\n");
        h.Raw("<h2>How many by a date?</h2>\n<form class=\"forecast\" id=\"form-how-many\" data-kind=\"how-many\" data-result=\"result-how-many\" data-api=\"")
            .Text(api + "how-many").Raw("\" method=\"get\" action=\"").Text(api + "how-many").Raw("\">")
            .Raw("<label>By<input type=\"date\" name=\"by\" value=\"").Raw(today.AddDays(28).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Raw("\"></label>")
            .Raw("<button type=\"submit\">Forecast</button></form>\n<div class=\"forecast-result\" id=\"result-how-many\" aria-live=\"polite\"></div>\n");
        return Page("Forecast", name, "forecast", h.ToString());
    }

    /// <summary>An HTML response with the dashboard's Content Security Policy and hardening headers.</summary>
    // Placeholders the stream pages fill once the as-of is known (see PageResult.WithAsOf).
    private const string AsOfQuery = "\u0001asof-query\u0001";
    private const string AsOfPicker = "\u0001asof-picker\u0001";

    private sealed class PageResult(string html, int status) : IResult
    {
        /// <summary>
        /// The page with its as-of picker (a date field, kept in the URL as <c>asOf</c>) and every tab link carrying
        /// the chosen as-of, so moving between pages keeps the date.
        /// </summary>
        public PageResult WithAsOf(StreamSnapshot view, DateOnly? chosen)
        {
            var query = chosen is { } d ? "?asOf=" + d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : string.Empty;
            var picker = new HtmlBuilder()
                .Raw("<form class=\"asof\" id=\"asof\" method=\"get\"><label>As of <input type=\"date\" name=\"asOf\" value=\"")
                .Text(view.Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))
                .Raw("\"></label><button type=\"submit\">Show</button>")
                .Raw(chosen is null ? string.Empty : "<a href=\"?\">now</a>")
                .Raw("</form>")
                .ToString();
            return new PageResult(html.Replace(AsOfQuery, query, StringComparison.Ordinal).Replace(AsOfPicker, picker, StringComparison.Ordinal), status);
        }

        public Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = status;
            response.ContentType = "text/html; charset=utf-8";
            response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
            response.Headers.XContentTypeOptions = "nosniff";
            response.Headers["Referrer-Policy"] = "no-referrer";
            response.Headers.CacheControl = "no-store";
            // A page that was not given an as-of (errors, the streams list) drops the placeholders.
            return response.WriteAsync(html.Replace(AsOfQuery, string.Empty, StringComparison.Ordinal).Replace(AsOfPicker, string.Empty, StringComparison.Ordinal), Encoding.UTF8);
        }
    }
}
