using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PmoFlow.Reporting.Rendering;
using PmoFlow.Reporting.Tests.Support;

namespace PmoFlow.Reporting.Tests.Rendering;

public partial class HtmlReportRendererTests
{
    [Fact]
    public void Render_HostileModel_NoPayloadAppearsUnescaped()
    {
        var html = HtmlReportRenderer.Render(SampleReports.Hostile());

        foreach (var payload in SampleReports.Payloads.Where(p => p.IndexOfAny(['<', '>', '"']) >= 0))
        {
            Assert.DoesNotContain(payload, html, StringComparison.Ordinal);
        }

        // Exactly the script elements PmoFlow wrote: 11 JSON option blocks, ECharts and the bootstrap.
        Assert.Equal(13, Regex.Count(html, "<script", RegexOptions.IgnoreCase));
        Assert.Equal(13, Regex.Count(html, "</script", RegexOptions.IgnoreCase));
        Assert.DoesNotContain("id=\"pwned-b\"", html, StringComparison.Ordinal);
        Assert.Contains("&lt;b id=&quot;pwned-b&quot;&gt;bold?&lt;/b&gt; &amp; &lt;i&gt;", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_ChartOptions_AreJsonThatParsesBackToTheModelsOptions()
    {
        var model = SampleReports.Hostile();
        var html = HtmlReportRenderer.Render(model);

        foreach (var chart in model.AllCharts())
        {
            var match = Regex.Match(html, $"<script type=\"application/json\" id=\"options-{chart.Id}\">(.*?)</script>", RegexOptions.Singleline);
            Assert.True(match.Success, chart.Id);
            Assert.DoesNotMatch("[<>&]", match.Groups[1].Value);
            Assert.True(JsonNode.DeepEquals(chart.Option, JsonNode.Parse(match.Groups[1].Value)), chart.Id);
        }
    }

    [Fact]
    public void Render_ContentSecurityPolicy_AllowsExactlyTheInlineScriptsByHash()
    {
        var html = HtmlReportRenderer.Render(SampleReports.Empty());

        var csp = Regex.Match(html, "http-equiv=\"Content-Security-Policy\" content=\"([^\"]*)\"").Groups[1].Value;
        var executable = Regex.Matches(html, "<script>(.*?)</script>", RegexOptions.Singleline).Select(m => m.Groups[1].Value).ToList();
        var hashes = Regex.Matches(csp, "'sha256-[^']+'").Select(m => m.Value).ToList();

        Assert.Equal(2, executable.Count);
        Assert.Equal(executable.Select(EChartsAsset.Sha256Base64), hashes);
        Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline' ;", csp.Split("style-src")[0], StringComparison.Ordinal);
        Assert.DoesNotContain("script-src 'unsafe", csp, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_Offline_NoExternalScriptStyleOrLink()
    {
        var html = HtmlReportRenderer.Render(SampleReports.Empty());

        Assert.DoesNotMatch("<script[^>]+src=", html);
        Assert.DoesNotMatch("<link", html);
        Assert.DoesNotContain("@import", html, StringComparison.Ordinal);
        Assert.Contains(EChartsAsset.Source, html, StringComparison.Ordinal);
        Assert.Contains("@media print", html, StringComparison.Ordinal);
    }

    [Fact]
    public void EChartsAsset_IsTheVendoredLibrary()
    {
        // The pinned version (package-lock.json) is embedded and announces itself in the source.
        Assert.True(EChartsAsset.Source.Length > 500_000);
        Assert.Contains("6.1.0", EChartsAsset.Source, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_Headlines_ShowValuesChangesAndAssessment()
    {
        var html = HtmlReportRenderer.Render(ReportBuilder.Build(SampleReports.Small()));

        // Throughput 12 vs 10: +2, better. Flow efficiency 30% vs 25%: +5.0 pp, better. SLE attainment 90% vs 95%: worse.
        Assert.Matches("data-metric=\"Throughput\">.*?12 items.*?\\+2 <span class=\"assessment\">\\(better\\)", html);
        Assert.Matches("card better\" data-metric=\"FlowEfficiency\">.*?30.0%.*?\\+5.0 pp", html);
        Assert.Contains("card worse\" data-metric=\"SleAttainment\"", html, StringComparison.Ordinal);
        Assert.Contains("Data: Apache OFBiz Jira, via Montgomery, Lüders &amp; Maalej (MSR 2022), CC BY 4.0", html, StringComparison.Ordinal);
    }
}
