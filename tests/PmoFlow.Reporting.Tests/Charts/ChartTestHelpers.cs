using System.Text.Json.Nodes;
using PmoFlow.Reporting.Model;

namespace PmoFlow.Reporting.Tests.Charts;

internal static class ChartTestHelpers
{
    public static JsonArray Series(this ReportChart chart) => chart.Option["series"]!.AsArray();

    public static JsonObject Series(this ReportChart chart, int index) => chart.Series()[index]!.AsObject();

    public static double[] Numbers(this JsonNode? array) =>
        array!.AsArray().Select(n => n!.AsValue().TryGetValue<double>(out var d) ? d : n.GetValue<int>()).ToArray();

    public static string[] Strings(this JsonNode? array) => array!.AsArray().Select(n => n!.GetValue<string>()).ToArray();

    public static JsonObject[] MarkLineData(this JsonObject series) =>
        series["markLine"]!["data"]!.AsArray().Select(n => n!.AsObject()).ToArray();

    public static bool HasNoDataText(this ReportChart chart) =>
        chart.Option["graphic"]?[0]?["style"]?["text"]?.GetValue<string>() == "No data";
}
