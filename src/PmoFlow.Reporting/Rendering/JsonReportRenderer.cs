using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using PmoFlow.Reporting.Model;

namespace PmoFlow.Reporting.Rendering;

/// <summary>
/// Renders the whole report model as JSON: camelCase names, enums as camelCase strings, dates as
/// yyyy-MM-dd, "no data" as null, chart options as the ECharts option objects.
/// </summary>
/// <remarks>
/// Non-ASCII text is written as is; <c>&lt; &gt; &amp; ' "</c> and control characters are \u-escaped, so the
/// file is also safe to embed in HTML. Thread-safe.
/// </remarks>
public static class JsonReportRenderer
{
    /// <summary>The serializer options used for reports.</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>The report as JSON text.</summary>
    public static string Render(ReportModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return JsonSerializer.Serialize(model, Options);
    }
}
