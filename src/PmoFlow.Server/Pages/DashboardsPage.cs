using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PmoFlow.Core.Model;
using PmoFlow.Reporting.Model;
using PmoFlow.Reporting.Rendering;
using PmoFlow.Server.Api;
using PmoFlow.Server.Data;
using PmoFlow.Server.Hosting;
using PmoFlow.Streams.Dashboards;
using PmoFlow.Streams.Reports;

namespace PmoFlow.Server.Pages;

/// <summary>
/// <c>/dashboards</c> and <c>/dashboards/{name}</c>: saved dashboards, each a grid of panels that are parts of the weekly
/// report (rendered by the report's own renderer, <see cref="HtmlReportRenderer.RenderSection"/>). The user drags panels
/// to reorder them (HTML5 drag and drop in <c>/assets/dashboards.js</c>, no library), makes them wider or narrower,
/// removes and adds them, and saves through <c>PUT /api/dashboards/{name}</c>. Every name and title is escaped; the
/// script reads them from data attributes and writes only <c>textContent</c>.
/// </summary>
internal static class DashboardsPage
{
    public static void Map(IEndpointRouteBuilder app, ServerOptions options, StreamCache cache, HeavyWorkLimiter heavy)
    {
        var library = new DashboardLibrary(options.DataSource);
        app.MapGet("/dashboards", async (HttpRequest request, CancellationToken ct) =>
        {
            if (request.Query["open"].ToString().Trim() is { Length: > 0 } open)
            {
                return Results.Redirect("/dashboards/" + Uri.EscapeDataString(open));
            }

            var all = await library.ListAsync(options.ApiKey, ct);
            var h = new HtmlBuilder();
            h.Raw("<h1>Dashboards</h1>\n<p class=\"muted\">A dashboard is a saved layout of the weekly report's charts and tables, for any stream, ")
                .Raw("each panel with its own week and as-of. Export one as YAML to keep it in git (<code>pmoflow dashboard export NAME</code>).</p>\n");
            h.Raw("<div class=\"table-wrap\"><table class=\"data\" id=\"dashboards\"><thead><tr><th>Dashboard</th><th>Owner</th>")
                .Raw("<th class=\"num\">Panels</th><th>Saved</th><th>YAML</th></tr></thead><tbody>\n");
            foreach (var d in all)
            {
                h.Raw("<tr><td><a href=\"/dashboards/").Segment(d.Dashboard.Name).Raw("\">").Text(d.Dashboard.Name).Raw("</a></td><td>")
                    .Text(d.Dashboard.Shared ? "shared" : "this API key").Raw("</td><td class=\"num\">")
                    .Raw(d.Dashboard.Panels.Count.ToString(CultureInfo.InvariantCulture)).Raw("</td><td>")
                    .Text(d.UpdatedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)).Raw("</td><td><a href=\"/api/dashboards/")
                    .Segment(d.Dashboard.Name).Raw("/yaml\">export</a></td></tr>\n");
            }

            if (all.Count == 0)
            {
                h.Raw("<tr class=\"empty\"><td colspan=\"5\">No dashboard is saved yet.</td></tr>\n");
            }

            h.Raw("</tbody></table></div>\n<form class=\"filters\" id=\"dash-open\" method=\"get\" action=\"/dashboards\">")
                .Raw("<label>New or existing dashboard<input type=\"text\" name=\"open\" required maxlength=\"")
                .Raw(DashboardRules.MaxNameLength.ToString(CultureInfo.InvariantCulture)).Raw("\"></label><button type=\"submit\">Open</button></form>\n");
            return DashboardPages.Page("Dashboards", null, "dashboards", h.ToString());
        });
        app.MapGet("/dashboards/{name}", async (string name, HttpRequest request, CancellationToken ct) =>
        {
            if (DashboardRules.NameProblem(name, required: true) is { } problem)
            {
                var e = new HtmlBuilder().Raw("<h1>Invalid name</h1><p>The dashboard name ").Text(problem).Raw(".</p>");
                return DashboardPages.Page("Dashboards", null, "dashboards", e.ToString(), StatusCodes.Status400BadRequest);
            }

            var streamName = request.Query["stream"].ToString();
            var stream = streamName.Length > 0 ? StreamsApi.Find(options, streamName) : options.Config.Streams.Count > 0 ? options.Config.Streams[0] : null;
            if (stream is null)
            {
                var e = new HtmlBuilder().Raw("<h1>Unknown stream</h1><p>No stream is named “").Text(streamName).Raw("”.</p>");
                return DashboardPages.Page("Dashboards", null, "dashboards", e.ToString(), StatusCodes.Status404NotFound);
            }

            var saved = await library.FindAsync(name, options.ApiKey, ct);
            var dashboard = saved?.Dashboard ?? new Dashboard(name, true, []);
            var data = new CachedDashboardData(options, cache, heavy.Parallelism);

            // Read every stream a panel shows first (async); the panels are then built off the request thread.
            var snapshot = await cache.GetAsync(stream, ct);
            foreach (var other in dashboard.Panels.Select(p => p.Stream).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase))
            {
                if (StreamsApi.Find(options, other) is { } s)
                {
                    await cache.GetAsync(s, ct);
                }
            }

            var calendar = StreamCalendar.Of(stream.Definition);
            var week = StreamReports.DefaultWeek(calendar, snapshot.AsOf, snapshot.Histories);
            return await heavy.RunAsync(
                () =>
                {
                    var report = data.ReportAsync(stream, week, snapshot.AsOf, null, CancellationToken.None).GetAwaiter().GetResult();
                    var panels = DashboardReports.PanelsAsync(options.Config, dashboard, stream, week, snapshot.AsOf, data, CancellationToken.None).GetAwaiter().GetResult();
                    return Render(options, dashboard, saved is not null, stream.Definition.Name, report, panels);
                },
                ct,
                () => DashboardPages.Page("Busy", null, null,
                    $"<h1>Busy</h1><p id=\"busy\">Other reports are being built; reload this page in {heavy.RetryAfterSeconds} s.</p>",
                    StatusCodes.Status429TooManyRequests));
        });
    }

    private static IResult Render(ServerOptions options, Dashboard dashboard, bool saved, string stream, ReportModel report, IReadOnlyList<ReportSection> panels)
    {
        var h = new HtmlBuilder();
        h.Raw("<h1>Dashboard <span class=\"muted\" id=\"dash-name\">").Text(dashboard.Name).Raw("</span></h1>\n");
        h.Raw("<p class=\"muted\">Panels without a stream of their own show <strong>").Text(stream).Raw("</strong>, ")
            .Text(report.Period.Label).Raw(". Drag a panel by its handle to move it; − and + change its width. ")
            .Raw(saved ? string.Empty : "This dashboard is not saved yet: add a panel to save it. ")
            .Raw("<a href=\"/api/dashboards/").Segment(dashboard.Name).Raw("/yaml\" id=\"dash-export\">Export as YAML</a>.</p>\n");
        h.Raw("<form class=\"filters\" id=\"dash-stream\" method=\"get\"><label>Stream<select name=\"stream\">");
        foreach (var s in options.Config.Streams)
        {
            h.Raw("<option value=\"").Text(s.Definition.Name).Raw("\"")
                .Raw(string.Equals(s.Definition.Name, stream, StringComparison.OrdinalIgnoreCase) ? " selected" : string.Empty)
                .Raw(">").Text(s.Definition.Name).Raw("</option>");
        }

        h.Raw("</select></label><button type=\"submit\">Show</button></form>\n");
        h.Raw("<div class=\"dash-toolbar\"><button type=\"button\" id=\"dash-save\">Save layout</button> ")
            .Raw("<label class=\"dash-shared\"><input type=\"checkbox\" id=\"dash-shared\"").Raw(dashboard.Shared ? " checked" : string.Empty)
            .Raw("> shared with everyone</label> <span id=\"dash-status\" class=\"muted\" data-state=\"").Raw(saved ? "saved" : "new").Raw("\"></span></div>\n");
        h.Raw("<div class=\"dash-grid\" id=\"dashboard\" data-api=\"/api/dashboards/").Segment(dashboard.Name).Raw("\">\n");
        for (var i = 0; i < dashboard.Panels.Count; i++)
        {
            var p = dashboard.Panels[i];
            h.Raw("<article class=\"dash-panel w").Raw(p.Width.ToString(CultureInfo.InvariantCulture)).Raw("\" draggable=\"true\"")
                .Raw(" data-show=\"").Text(p.Show).Raw("\"")
                .Raw(" data-width=\"").Raw(p.Width.ToString(CultureInfo.InvariantCulture)).Raw("\"");
            void Attr(string name, string? value)
            {
                if (value is not null)
                {
                    h.Raw(" data-").Raw(name).Raw("=\"").Text(value).Raw("\"");
                }
            }

            Attr("stream", p.Stream);
            Attr("title", p.Title);
            Attr("height", p.Height?.ToString(CultureInfo.InvariantCulture));
            Attr("as-of", p.AsOf);
            Attr("week", p.Week);
            Attr("weeks", p.Weeks?.ToString(CultureInfo.InvariantCulture));
            h.Raw(">\n<div class=\"dash-bar\"><span class=\"dash-handle\" title=\"Drag to move\" aria-hidden=\"true\">⠿</span>")
                .Raw("<button type=\"button\" class=\"dash-narrower\" title=\"Narrower\">−</button>")
                .Raw("<button type=\"button\" class=\"dash-wider\" title=\"Wider\">+</button>")
                .Raw("<button type=\"button\" class=\"dash-remove\" title=\"Remove\">✕</button></div>\n");
            using (var w = h.Writer)
            {
                HtmlReportRenderer.RenderSection(panels[i], w);
            }

            h.Raw("</article>\n");
        }

        h.Raw("</div>\n");
        if (dashboard.Panels.Count == 0)
        {
            h.Raw("<p class=\"note\" id=\"dash-empty\">No panel yet.</p>\n");
        }

        h.Raw("<h2>Add a panel</h2>\n<form class=\"filters\" id=\"dash-add\"><label>Show<select name=\"show\">");
        foreach (var part in ReportPanels.Catalogue(report))
        {
            var kind = part.Kind switch { ReportPartKind.Section => "section", ReportPartKind.Chart => "chart", _ => "table" };
            h.Raw("<option value=\"").Text(part.Id).Raw("\">").Text(kind + ": " + part.Title + " (" + part.Id + ")").Raw("</option>");
        }

        h.Raw("</select></label><label>Stream<select name=\"stream\"><option value=\"\">the dashboard's</option>");
        foreach (var s in options.Config.Streams)
        {
            h.Raw("<option value=\"").Text(s.Definition.Name).Raw("\">").Text(s.Definition.Name).Raw("</option>");
        }

        h.Raw("</select></label><label>Title<input type=\"text\" name=\"title\" maxlength=\"").Raw(DashboardRules.MaxNameLength.ToString(CultureInfo.InvariantCulture))
            .Raw("\"></label><label>Width<select name=\"width\"><option>1</option><option selected>2</option><option>3</option><option>4</option></select></label>")
            .Raw("<label>As of<input type=\"text\" name=\"asOf\" placeholder=\"-1w, 2026-01-31\"></label>")
            .Raw("<label>Week<input type=\"text\" name=\"week\" placeholder=\"last, 2026-W05\"></label>")
            .Raw("<label>Weeks of history<input type=\"number\" name=\"weeks\" min=\"1\" max=\"104\"></label>")
            .Raw("<button type=\"submit\">Add and save</button></form>\n<script src=\"/assets/dashboards.js\"></script>\n");
        return DashboardPages.Page("Dashboard", null, "dashboards", h.ToString());
    }

    /// <summary>Panels as CSS grid cells of 1-4 columns; the drag state; the toolbar.</summary>
    public const string Css = """
        .dash-grid { display: grid; grid-template-columns: repeat(4, minmax(0, 1fr)); gap: 12px; align-items: start; }
        .dash-panel { background: var(--bg-card); border: 1px solid var(--line); border-radius: 6px; padding: 8px; min-width: 0; }
        .dash-panel.w1 { grid-column: span 1; } .dash-panel.w2 { grid-column: span 2; } .dash-panel.w3 { grid-column: span 3; } .dash-panel.w4 { grid-column: span 4; }
        .dash-panel.dragging { opacity: .4; }
        .dash-panel.drop-target { outline: 2px dashed #0969da; }
        .dash-panel .report-section { margin: 0; }
        .dash-panel h2 { overflow-wrap: anywhere; }
        .dash-bar { display: flex; gap: 4px; justify-content: flex-end; align-items: center; }
        .dash-bar .dash-handle { cursor: grab; margin-right: auto; color: var(--muted); font-size: 1.2rem; }
        .dash-bar button { font: inherit; padding: 0 6px; }
        .dash-toolbar { display: flex; gap: 12px; align-items: center; margin: 8px 0 12px; }
        #dash-status[data-state="error"] { color: var(--worse); }
        """;

    /// <summary>
    /// Drag and drop (HTML5), width and remove buttons, save (PUT JSON) and add (save, then reload to render the new
    /// panel). Reads panel settings from data attributes and writes only textContent.
    /// </summary>
    public const string Script = """
        (function () {
          'use strict';
          var grid = document.getElementById('dashboard');
          if (!grid) { return; }
          var status = document.getElementById('dash-status');
          var dragged = null;
          function say(text, state) { status.textContent = text; status.setAttribute('data-state', state); }
          function panels() { return Array.prototype.slice.call(grid.querySelectorAll('article.dash-panel')); }
          function dirty() { say('Unsaved changes.', 'dirty'); }
          function num(v) { return v === undefined || v === null || v === '' ? null : Number(v); }
          function str(v) { return v === undefined || v === null || v === '' ? null : String(v); }
          function read(el) {
            var d = el.dataset;
            return { show: d.show, stream: str(d.stream), title: str(d.title), width: num(d.width), height: num(d.height),
                     asOf: str(d.asOf), week: str(d.week), weeks: num(d.weeks) };
          }
          function save(extra) {
            var list = panels().map(read);
            if (extra) { list.push(extra); }
            var body = { shared: document.getElementById('dash-shared').checked, panels: list };
            say('Saving…', 'saving');
            return fetch(grid.getAttribute('data-api'), { method: 'PUT', headers: { 'Content-Type': 'application/json' },
                                                          body: JSON.stringify(body), credentials: 'same-origin' })
              .then(function (r) { return r.json().then(function (j) { return { ok: r.ok, body: j }; }); })
              .then(function (res) {
                if (!res.ok) {
                  var e = res.body.errors ? Object.keys(res.body.errors).map(function (k) { return k + ': ' + res.body.errors[k].join(' '); }).join(' ') : (res.body.detail || res.body.title);
                  say('Not saved. ' + e, 'error');
                  return false;
                }
                say('Saved.', 'saved');
                return true;
              })
              .catch(function (e) { say('Not saved: ' + e, 'error'); return false; });
          }
          function setWidth(el, w) {
            w = Math.max(1, Math.min(4, w));
            el.dataset.width = String(w);
            el.className = el.className.replace(/\bw[1-4]\b/, 'w' + w);
            window.dispatchEvent(new Event('resize'));
            dirty();
          }
          panels().forEach(function (el) {
            el.addEventListener('dragstart', function (ev) {
              dragged = el;
              el.classList.add('dragging');
              ev.dataTransfer.effectAllowed = 'move';
              ev.dataTransfer.setData('text/plain', String(panels().indexOf(el)));
            });
            el.addEventListener('dragend', function () {
              el.classList.remove('dragging');
              panels().forEach(function (p) { p.classList.remove('drop-target'); });
              dragged = null;
            });
            el.addEventListener('dragover', function (ev) {
              if (!dragged) { return; }
              // Always accept while a panel is dragged (over itself too), so the drop event follows.
              ev.preventDefault();
              ev.dataTransfer.dropEffect = 'move';
              if (dragged !== el) { el.classList.add('drop-target'); }
            });
            el.addEventListener('dragleave', function () { el.classList.remove('drop-target'); });
            el.addEventListener('drop', function (ev) {
              ev.preventDefault();
              el.classList.remove('drop-target');
              if (!dragged || dragged === el) { return; }
              var all = panels();
              var from = all.indexOf(dragged);
              var to = all.indexOf(el);
              grid.insertBefore(dragged, from < to ? el.nextSibling : el);
              window.dispatchEvent(new Event('resize'));
              dirty();
            });
            el.querySelector('.dash-wider').addEventListener('click', function () { setWidth(el, Number(el.dataset.width) + 1); });
            el.querySelector('.dash-narrower').addEventListener('click', function () { setWidth(el, Number(el.dataset.width) - 1); });
            el.querySelector('.dash-remove').addEventListener('click', function () { el.parentNode.removeChild(el); dirty(); });
          });
          document.getElementById('dash-save').addEventListener('click', function () { save(null); });
          document.getElementById('dash-shared').addEventListener('change', dirty);
          var add = document.getElementById('dash-add');
          add.addEventListener('submit', function (ev) {
            ev.preventDefault();
            var f = add.elements;
            var panel = { show: f.show.value, stream: str(f.stream.value), title: str(f.title.value.trim()), width: num(f.width.value),
                          height: null, asOf: str(f.asOf.value.trim()), week: str(f.week.value.trim()), weeks: num(f.weeks.value) };
            save(panel).then(function (ok) { if (ok) { window.location.reload(); } });
          });
        })();
        """;
}
