using System.Text;
using PmoFlow.Reporting.Rendering;
using PmoFlow.Reporting.Tests.Support;

namespace PmoFlow.Reporting.Tests.Rendering;

/// <summary>The report printed to PDF by Debian's headless chromium (a missing browser fails the test, never skips it).</summary>
public sealed class ChromiumPdfTests
{
    [Fact]
    public void FindBrowser_PrefersTheEnvironmentAndRefusesAMissingPath()
    {
        Assert.Equal("/usr/bin/chromium", ChromiumPdf.FindBrowser(_ => null));
        Assert.Null(ChromiumPdf.FindBrowser(_ => "/nonexistent/chromium"));
    }

    [Fact]
    public async Task PrintAsync_SmallReport_GivesAPdfWithItsChartsDrawn()
    {
        var html = Encoding.UTF8.GetBytes(HtmlReportRenderer.Render(ReportBuilder.Build(SampleReports.Small())));
        var pdf = await ChromiumPdf.PrintAsync(html);

        Assert.Equal("%PDF-", Encoding.ASCII.GetString(pdf, 0, 5));
        var text = Encoding.Latin1.GetString(pdf);
        Assert.True(CountPages(text) >= 2, $"{CountPages(text)} pages");

        // The same page with its charts' script removed prints no charts: the charted PDF must be clearly larger.
        var noScript = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(html).Replace("echarts.init", "void 0 && echarts.init", StringComparison.Ordinal));
        var without = await ChromiumPdf.PrintAsync(noScript);
        Assert.True(pdf.Length > without.Length + 10_000, $"with charts {pdf.Length} bytes, without {without.Length}");
    }

    private static int CountPages(string pdf)
    {
        var count = 0;
        for (var i = pdf.IndexOf("/Type /Page", StringComparison.Ordinal); i >= 0; i = pdf.IndexOf("/Type /Page", i + 1, StringComparison.Ordinal))
        {
            if (!pdf.AsSpan(i + 11).StartsWith("s", StringComparison.Ordinal))
            {
                count++;
            }
        }

        return count;
    }
}
