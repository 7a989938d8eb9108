namespace PmoFlow.Reporting.Rendering;

/// <summary>The report page's stylesheet and chart bootstrap script (both inlined; the script is allowed by its CSP hash).</summary>
internal static class HtmlAssets
{
    /// <summary>
    /// Reads each chart's options with JSON.parse (never eval), draws it with ECharts' SVG renderer, marks the
    /// container data-rendered="true" on ECharts' "finished" event, and redraws on resize and for printing.
    /// </summary>
    public const string Bootstrap = """
        (function () {
          'use strict';
          var charts = [];
          var nodes = document.querySelectorAll('div.chart[data-options]');
          for (var i = 0; i < nodes.length; i++) {
            var el = nodes[i];
            try {
              var source = document.getElementById(el.getAttribute('data-options'));
              var option = JSON.parse(source.textContent);
              var chart = echarts.init(el, null, { renderer: 'svg' });
              chart.on('finished', (function (target) {
                return function () { target.setAttribute('data-rendered', 'true'); };
              })(el));
              chart.setOption(option);
              charts.push(chart);
            } catch (e) {
              el.setAttribute('data-error', String((e && e.message) || e));
              el.textContent = 'This chart could not be drawn.';
              console.error(e);
            }
          }
          function resizeAll() {
            for (var j = 0; j < charts.length; j++) { charts[j].resize(); }
          }
          window.addEventListener('resize', resizeAll);
          window.addEventListener('beforeprint', resizeAll);
          window.addEventListener('afterprint', resizeAll);
          document.documentElement.setAttribute('data-charts', String(charts.length));
        })();
        """;

    public const string Styles = """
        :root { --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --better: #1a7f37; --worse: #cf222e; --bg-card: #f6f8fa; }
        * { box-sizing: border-box; }
        body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); margin: 0 auto; max-width: 1100px; padding: 24px; line-height: 1.45; }
        h1 { font-size: 1.7rem; margin: 0 0 4px; }
        h1 .subtitle { font-weight: 400; color: var(--muted); }
        h2 { font-size: 1.25rem; border-bottom: 1px solid var(--line); padding-bottom: 4px; margin-top: 32px; }
        .period, .chart-description, .generated, .previous, .note { color: var(--muted); }
        .headlines { display: grid; grid-template-columns: repeat(auto-fit, minmax(160px, 1fr)); gap: 12px; margin: 20px 0; }
        .card { background: var(--bg-card); border: 1px solid var(--line); border-left: 5px solid var(--line); border-radius: 6px; padding: 10px 12px; }
        .card.better { border-left-color: var(--better); }
        .card.worse { border-left-color: var(--worse); }
        .card .label { font-size: .85rem; color: var(--muted); }
        .card .value { font-size: 1.5rem; font-weight: 600; }
        .card.better .change { color: var(--better); }
        .card.worse .change { color: var(--worse); }
        .card .previous, .card .note { font-size: .8rem; }
        .warnings { background: #fff8c5; border: 1px solid #d4a72c; border-radius: 6px; padding: 4px 16px; }
        .warnings h2 { border: 0; margin-top: 8px; font-size: 1.05rem; }
        figure.chart-figure { margin: 16px 0 24px; }
        figcaption { font-weight: 600; margin-bottom: 4px; }
        .chart { width: 100%; min-height: 200px; }
        .chart-description { font-size: .85rem; margin: 4px 0 0; }
        .table-wrap { overflow-x: auto; margin: 16px 0; }
        table.data { border-collapse: collapse; width: 100%; font-size: .9rem; }
        table.data caption { text-align: left; font-weight: 600; padding-bottom: 6px; }
        table.data th, table.data td { border-bottom: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; overflow-wrap: break-word; }
        table.data th { background: var(--bg-card); }
        table.data .num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        table.data td.date { white-space: nowrap; }
        table.data tr.empty td { color: var(--muted); font-style: italic; }
        footer { margin-top: 40px; border-top: 1px solid var(--line); font-size: .85rem; }
        @media print {
          @page { size: A4; margin: 14mm; }
          body { max-width: none; padding: 0; font-size: 10pt; }
          h2 { break-after: avoid; }
          .headlines { grid-template-columns: repeat(3, 1fr); }
          .card, figure.chart-figure, .warnings { break-inside: avoid; }
          .card { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
          .chart { width: 100% !important; }
          .table-wrap { overflow: visible; }
          table.data tr { break-inside: avoid; }
          thead { display: table-header-group; }
        }
        """;
}
