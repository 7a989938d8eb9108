namespace PmoFlow.Server.Pages;

/// <summary>The dashboard's own stylesheet additions and forecast-form script (served from /assets, never inline).</summary>
internal static class PageAssets
{
    public const string DashboardCss = """
        nav.top { display: flex; gap: 16px; align-items: baseline; border-bottom: 1px solid var(--line); padding-bottom: 8px; margin-bottom: 16px; flex-wrap: wrap; }
        nav.top .brand { font-weight: 700; font-size: 1.1rem; color: var(--fg); text-decoration: none; }
        nav.top a { color: #0969da; text-decoration: none; }
        nav.top a.active { font-weight: 600; color: var(--fg); }
        form.filters, form.forecast { display: flex; gap: 12px; flex-wrap: wrap; align-items: end; margin: 12px 0; background: var(--bg-card); border: 1px solid var(--line); border-radius: 6px; padding: 12px; }
        form label { display: flex; flex-direction: column; font-size: .85rem; color: var(--muted); gap: 2px; }
        form input, form select, form button { font: inherit; padding: 4px 6px; }
        .forecast-result { margin: 8px 0 24px; min-height: 1.5em; }
        .forecast-result .error { color: var(--worse); }
        .pager { display: flex; gap: 12px; margin: 8px 0; }
        .muted { color: var(--muted); }
        """;

    /// <summary>
    /// Answers the forecast forms through the API with fetch and shows the answer with textContent only (never as
    /// markup), so nothing in an answer can run.
    /// </summary>
    public const string ForecastScript = """
        (function () {
          'use strict';
          var forms = document.querySelectorAll('form.forecast[data-api]');
          function cell(row, text, tag) {
            var td = document.createElement(tag || 'td');
            td.textContent = text;
            row.appendChild(td);
          }
          function table(head, rows) {
            var t = document.createElement('table');
            t.className = 'data';
            var hr = document.createElement('tr');
            head.forEach(function (h) { cell(hr, h, 'th'); });
            var thead = document.createElement('thead');
            thead.appendChild(hr);
            t.appendChild(thead);
            var tb = document.createElement('tbody');
            rows.forEach(function (r) {
              var tr = document.createElement('tr');
              r.forEach(function (c) { cell(tr, c); });
              tb.appendChild(tr);
            });
            t.appendChild(tb);
            return t;
          }
          function show(out, nodes, state) {
            while (out.firstChild) { out.removeChild(out.firstChild); }
            nodes.forEach(function (n) { out.appendChild(n); });
            out.setAttribute('data-answered', state);
          }
          function para(text, cls) {
            var p = document.createElement('p');
            p.textContent = text;
            if (cls) { p.className = cls; }
            return p;
          }
          function pct(x) { return (Math.round(x * 1000) / 10) + '%'; }
          function render(kind, body) {
            var f = body.forecast;
            var nodes = [];
            if (f.status !== 'ok') {
              nodes.push(para('Cannot forecast: ' + (f.reason || ''), 'error'));
              return nodes;
            }
            if (kind === 'when') {
              nodes.push(para('When will ' + body.items + ' items be done? (' + f.inputs.sample.completions + ' completions in ' + f.inputs.sample.workingDays + ' sampled days)'));
              nodes.push(table(['Confidence', 'Done on or before'], f.overall.percentiles.map(function (p) {
                return ['P' + p.percentile, p.date === null ? 'beyond the horizon' : p.date];
              })));
              if (f.deadline) {
                nodes.push(para('Deadline ' + f.deadline + ': ' + pct(f.overall.deadlineProbability) + ' likely', 'deadline'));
              }
            } else {
              nodes.push(para('How many items by ' + f.by + '? (' + f.workingDays + ' working days)'));
              nodes.push(table(['Confidence', 'Items or more'], f.percentiles.map(function (p) {
                return ['P' + p.percentile, String(p.items)];
              })));
            }
            (f.warnings || []).forEach(function (w) { nodes.push(para(w.message, 'muted')); });
            var c = body.calibration;
            if (c) {
              (c.lines || []).forEach(function (l) { nodes.push(para(l, 'calibration')); });
              if (c.applied && c.pastLevels && c.pastLevels.length > 0) { nodes.push(reliability(c)); }
            }
            return nodes;
          }
          // Share of past forecasts that held at raw level q (their threshold lies below q).
          function held(c, q) {
            var n = 0;
            c.pastLevels.forEach(function (v) { if (v < q - 1e-9) { n++; } });
            return n / c.pastLevels.length;
          }
          // Reliability chart (nominal vs measured coverage) as SVG built node by node: the diagonal is perfect
          // calibration, the line the raw model, the dots the reported (calibrated) percentiles.
          function reliability(c) {
            var ns = 'http://www.w3.org/2000/svg', size = 240, pad = 32, span = size - 2 * pad;
            function el(name, attrs) {
              var e = document.createElementNS(ns, name);
              Object.keys(attrs).forEach(function (k) { e.setAttribute(k, String(attrs[k])); });
              return e;
            }
            function x(v) { return pad + v * span; }
            function y(v) { return size - pad - v * span; }
            var svg = el('svg', { width: size, height: size, viewBox: '0 0 ' + size + ' ' + size, role: 'img', 'class': 'reliability', 'data-points': c.points });
            var title = el('title', {});
            title.textContent = 'Reliability over ' + c.points + ' past forecasts: nominal (x) against measured (y) coverage';
            svg.appendChild(title);
            svg.appendChild(el('rect', { x: pad, y: pad, width: span, height: span, fill: 'none', stroke: '#ccc' }));
            svg.appendChild(el('line', { x1: x(0), y1: y(0), x2: x(1), y2: y(1), stroke: '#999', 'stroke-dasharray': '4 3' }));
            var pts = [];
            for (var i = 1; i < 20; i++) { pts.push(x(i / 20) + ',' + y(held(c, i / 20))); }
            svg.appendChild(el('polyline', { points: pts.join(' '), fill: 'none', stroke: '#4e79a7', 'stroke-width': 2, 'class': 'raw' }));
            c.levels.forEach(function (l) {
              var dot = el('circle', { cx: x(l.percentile / 100), cy: y(held(c, l.rawLevel / 100)), r: 5, fill: '#e15759', 'class': 'reported' });
              var t = el('title', {});
              t.textContent = 'P' + l.percentile + ' reported: held ' + pct(held(c, l.rawLevel / 100)) + ' (raw P' + (Math.round(l.rawLevel * 10) / 10) + ')';
              dot.appendChild(t);
              svg.appendChild(dot);
            });
            [['0', 0], ['50', 0.5], ['100', 1]].forEach(function (a) {
              var tx = el('text', { x: x(a[1]), y: size - pad + 14, 'text-anchor': 'middle', 'font-size': 10 });
              tx.textContent = a[0] + '%';
              svg.appendChild(tx);
              var ty = el('text', { x: pad - 4, y: y(a[1]) + 3, 'text-anchor': 'end', 'font-size': 10 });
              ty.textContent = a[0] + '%';
              svg.appendChild(ty);
            });
            var fig = document.createElement('figure');
            fig.appendChild(svg);
            var cap = document.createElement('figcaption');
            cap.className = 'muted';
            cap.textContent = 'Reliability: nominal (across) vs measured coverage (up) over ' + c.points + ' past forecasts; dashed = perfect, line = raw model, dots = reported percentiles.';
            fig.appendChild(cap);
            return fig;
          }
          Array.prototype.forEach.call(forms, function (form) {
            var out = document.getElementById(form.getAttribute('data-result'));
            form.addEventListener('submit', function (ev) {
              ev.preventDefault();
              var params = new URLSearchParams();
              Array.prototype.forEach.call(form.elements, function (el) {
                if (el.name && el.value !== '') { params.set(el.name, el.value); }
              });
              show(out, [para('Forecasting…', 'muted')], 'pending');
              fetch(form.getAttribute('data-api') + '?' + params.toString(), { headers: { 'Accept': 'application/json' }, credentials: 'same-origin' })
                .then(function (r) { return r.json().then(function (b) { return { ok: r.ok, body: b }; }); })
                .then(function (res) {
                  if (!res.ok) {
                    var errors = res.body.errors ? Object.keys(res.body.errors).map(function (k) { return k + ': ' + res.body.errors[k].join(' '); }) : [];
                    show(out, [para((res.body.title || 'Error') + '. ' + (res.body.detail || '') + ' ' + errors.join(' '), 'error')], 'error');
                    return;
                  }
                  show(out, render(form.getAttribute('data-kind'), res.body), 'true');
                })
                .catch(function (e) { show(out, [para('The forecast failed: ' + e, 'error')], 'error'); });
            });
          });
        })();
        """;
}
