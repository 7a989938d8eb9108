using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PmoFlow.Server.Api;
using PmoFlow.Server.Data;
using PmoFlow.Server.Hosting;
using PmoFlow.Storage.Portfolio;

namespace PmoFlow.Server.Pages;

/// <summary>
/// <c>/streams/{stream}/what-if</c>: the user edits scenarios (one per line, the text form of
/// <c>pmoflow portfolio --what-if</c>) and the comparison with the baseline is answered live by
/// <c>POST /api/streams/{stream}/portfolio/what-if</c> and shown with <c>textContent</c> only.
/// </summary>
internal static class WhatIfPage
{
    public static void Map(IEndpointRouteBuilder app, ServerOptions options, StreamCache cache)
    {
        app.MapGet("/streams/{stream}/what-if", async (string stream, CancellationToken ct) =>
        {
            var config = StreamsApi.Find(options, stream);
            if (config is null)
            {
                var b = new HtmlBuilder().Raw("<h1>Unknown stream</h1><p>No stream is named “").Text(stream).Raw("”.</p>");
                return DashboardPages.Page("Unknown stream", null, null, b.ToString(), StatusCodes.Status404NotFound);
            }

            var saved = await new ScenarioStore(options.DataSource).ListAsync(ct);
            var snapshot = await cache.GetAsync(config, ct);
            var name = config.Definition.Name;
            var h = new HtmlBuilder();
            h.Raw("<h1>Portfolio what-ifs <span class=\"muted\">").Text(name).Raw("</span></h1>\n")
                .Raw("<p class=\"muted\">One scenario per line: <code>name:key=value,...</code> with <code>throughputFactor</code>, ")
                .Raw("<code>throughput.&lt;stream&gt;</code>, <code>drop=A|B</code>, <code>order=C|A</code>, <code>wipLimit</code>, ")
                .Raw("<code>delay=B@14</code>, <code>add=ID/label/costOfDelayPerWeek/jobWeeks[/value]</code>. Saved scenarios are filled in.</p>\n");
            h.Raw("<form class=\"filters\" id=\"what-if-form\" data-api=\"/api/streams/").Segment(name).Raw("/portfolio/what-if\">")
                .Raw("<label>Scenarios<textarea name=\"scenarios\" rows=\"5\" cols=\"80\">");
            h.Text(saved.Count > 0 ? string.Join("\n", saved.Select(s => s.Spec)) : "more capacity:throughputFactor=1.25");
            h.Raw("</textarea></label><label>Value delivered by<input type=\"date\" name=\"valueBy\" value=\"")
                .Raw(Core.Value.PortfolioWhatIf.DefaultValueBy(snapshot.Today).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Raw("\"></label>")
                .Raw("<button type=\"submit\">Compare</button></form>\n<div id=\"what-if-result\" aria-live=\"polite\"></div>\n")
                .Raw("<script src=\"/assets/what-if.js\"></script>\n");
            return DashboardPages.Page("What-ifs", name, "what-if", h.ToString());
        });
    }

    /// <summary>Posts the form as JSON and draws the comparison with textContent only.</summary>
    public const string Script = """
        (function () {
          'use strict';
          var form = document.getElementById('what-if-form');
          if (!form) { return; }
          var out = document.getElementById('what-if-result');
          function table(id, head, rows) {
            var t = document.createElement('table');
            t.className = 'data';
            t.id = id;
            var thead = document.createElement('thead');
            var hr = document.createElement('tr');
            head.forEach(function (h) { var th = document.createElement('th'); th.textContent = h; hr.appendChild(th); });
            thead.appendChild(hr);
            t.appendChild(thead);
            var tb = document.createElement('tbody');
            rows.forEach(function (r) {
              var tr = document.createElement('tr');
              r.forEach(function (c) { var td = document.createElement('td'); td.textContent = c === null || c === undefined ? '–' : String(c); tr.appendChild(td); });
              tb.appendChild(tr);
            });
            t.appendChild(tb);
            return t;
          }
          function round(x) { return x === null || x === undefined ? null : Math.round(x * 100) / 100; }
          form.addEventListener('submit', function (ev) {
            ev.preventDefault();
            var lines = form.elements.scenarios.value.split('\n').map(function (l) { return l.trim(); }).filter(function (l) { return l.length > 0; });
            var body = { scenarios: lines, valueBy: form.elements.valueBy.value || null };
            out.setAttribute('data-answered', 'pending');
            fetch(form.getAttribute('data-api'), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body), credentials: 'same-origin' })
              .then(function (r) { return r.json().then(function (j) { return { ok: r.ok, body: j }; }); })
              .then(function (res) {
                while (out.firstChild) { out.removeChild(out.firstChild); }
                if (!res.ok) {
                  var p = document.createElement('p');
                  p.className = 'error';
                  var errs = res.body.errors ? Object.keys(res.body.errors).map(function (k) { return res.body.errors[k].join(' '); }).join(' ') : (res.body.detail || res.body.title);
                  p.textContent = errs;
                  out.appendChild(p);
                  out.setAttribute('data-answered', 'error');
                  return;
                }
                var results = res.body.results;
                out.appendChild(table('what-if-summary', ['Scenario', 'Value delivered by ' + res.body.valueBy, 'NPV', 'Cost of delay vs baseline', 'WSJF order'],
                  results.map(function (s) { return [s.name, s.valueDelivered, round(s.npv), round(s.costOfDelay), s.wsjfOrder.join(' > ')]; })));
                var rows = [];
                results.forEach(function (s) {
                  s.initiatives.forEach(function (i) { rows.push([s.name, i.priority, i.initiativeId, i.rank, i.date, i.daysLate, round(i.costOfDelay)]); });
                });
                out.appendChild(table('what-if-initiatives', ['Scenario', 'Priority', 'Initiative', 'WSJF rank', 'Date', 'Days late', 'Cost of delay'], rows));
                out.setAttribute('data-answered', 'ok');
              })
              .catch(function (e) { out.textContent = 'The comparison failed: ' + e; out.setAttribute('data-answered', 'error'); });
          });
        })();
        """;
}
