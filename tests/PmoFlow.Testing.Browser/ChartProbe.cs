using Microsoft.Playwright;

namespace PmoFlow.Testing.Browser;

/// <summary>The drawn state of one chart container, read from the page.</summary>
public sealed class ChartState
{
    public string Id { get; set; } = string.Empty;

    public string? Rendered { get; set; }

    public string? Error { get; set; }

    public double Width { get; set; }

    public double Height { get; set; }

    public int Elements { get; set; }

    public string Text { get; set; } = string.Empty;
}

/// <summary>Reads what ECharts drew into every <c>div.chart</c> of a page (report file or dashboard).</summary>
public static class ChartProbe
{
    private const string ReadCharts = """
        () => Array.from(document.querySelectorAll('div.chart')).map(el => {
          const svg = el.querySelector('svg');
          const r = svg ? svg.getBoundingClientRect() : { width: 0, height: 0 };
          return {
            id: el.id,
            rendered: el.getAttribute('data-rendered'),
            error: el.getAttribute('data-error'),
            width: r.width,
            height: r.height,
            elements: svg ? svg.querySelectorAll('path, rect, text, circle, line, polyline, polygon, image').length : 0,
            text: svg ? Array.from(svg.querySelectorAll('text')).map(t => t.textContent).join('\n') : ''
          };
        })
        """;

    /// <summary>Each chart's id, rendered flag, error, SVG size, element count and text, in page order.</summary>
    public static Task<ChartState[]> ReadAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        return page.EvaluateAsync<ChartState[]>(ReadCharts);
    }
}
