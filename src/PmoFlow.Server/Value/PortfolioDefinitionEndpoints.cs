using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Npgsql;
using PmoFlow.Core.Value;
using PmoFlow.Streams.Portfolio;
using PmoFlow.Storage.Portfolio;

namespace PmoFlow.Server.Value;

/// <summary>The answer to <c>GET /api/portfolio</c>: the portfolio in effect.</summary>
/// <param name="Source">Where it comes from: the portfolio file's name, or <c>database</c> (stored by the CLI or the API).</param>
/// <param name="Portfolio">Objectives and initiatives (links, financials, cost of delay, KPIs with every reading, file and stored).</param>
/// <param name="Settings">The value options (contribution scale, ARR basis, day count, KPI status thresholds).</param>
public sealed record PortfolioDefinitionResponse(string Source, Core.Value.Portfolio Portfolio, ValueOptions Settings);

/// <summary>The answer to <c>PUT /api/portfolio</c>.</summary>
/// <param name="Objectives">Objectives stored.</param>
/// <param name="Initiatives">Initiatives stored.</param>
/// <param name="Kpis">KPIs stored.</param>
/// <param name="Retired">Objectives, initiatives and KPIs no longer in the definition, now inactive (their readings are kept).</param>
/// <param name="ReadingsInserted">KPI readings of the body newly stored.</param>
/// <param name="ReadingsAlreadyStored">KPI readings of the body equal to stored ones.</param>
public sealed record PortfolioStored(int Objectives, int Initiatives, int Kpis, int Retired, int ReadingsInserted, int ReadingsAlreadyStored);

/// <summary>
/// <c>GET /api/portfolio</c> and <c>PUT /api/portfolio</c>: objectives, initiatives and KPIs through the API, in the
/// portfolio file's format (YAML, or the same structure as JSON).
/// </summary>
internal static class PortfolioDefinitionEndpoints
{
    /// <summary>The largest definition accepted (1 MiB).</summary>
    public const int MaxBodyBytes = 1 << 20;

    /// <summary>The name the body is given in error locations (<c>request:line:column</c>).</summary>
    public const string BodyName = "request";

    /// <summary><c>GET /api/portfolio</c>: the definition in effect with every KPI reading.</summary>
    public static async Task<IResult> GetAsync(ValueApiOptions options, NpgsqlDataSource dataSource, CancellationToken ct)
    {
        var (loaded, problem) = await ValueEndpoints.LoadPortfolioAsync(options, dataSource, withStoredReadings: true, ct);
        return loaded is null
            ? problem!
            : Results.Ok(new PortfolioDefinitionResponse(
                loaded.Document is null ? "database" : Path.GetFileName(options.ResolvedPortfolioFile), loaded.Portfolio, loaded.Options));
    }

    /// <summary>
    /// <c>PUT /api/portfolio</c>: replaces the stored definition with the body (the portfolio file's format; JSON is
    /// YAML too) and appends the KPI readings it holds. Validated completely before anything is written: errors name
    /// <c>request:line:column</c> (422). Refused (409) while a portfolio file exists, which would take precedence, or
    /// when a reading changes a stored one.
    /// </summary>
    public static async Task<IResult> PutAsync(HttpRequest request, ValueApiOptions options, NpgsqlDataSource dataSource, CancellationToken ct)
    {
        var path = options.ResolvedPortfolioFile;
        if (File.Exists(path))
        {
            return Results.Problem(statusCode: 409, title: "The portfolio is defined by a file",
                detail: $"{Path.GetFileName(path)} beside the configuration defines the portfolio; edit that file instead.");
        }

        if (request.ContentLength > MaxBodyBytes)
        {
            return Results.Problem(statusCode: 413, title: "Definition too large", detail: $"At most {MaxBodyBytes} bytes.");
        }

        var text = await ReadBodyAsync(request, ct);
        if (text is null)
        {
            return Results.Problem(statusCode: 413, title: "Definition too large", detail: $"At most {MaxBodyBytes} bytes.");
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["body"] = ["Send the portfolio definition (YAML or JSON) as the body."] });
        }

        PortfolioDocument doc;
        try
        {
            doc = PortfolioYamlLoader.Load(new StringReader(text), BodyName);
        }
        catch (PortfolioFileException ex)
        {
            return ValueEndpoints.PortfolioProblem(ex.Errors);
        }

        var readings = doc.Portfolio.Initiatives
            .SelectMany(i => i.Kpis.SelectMany(k => k.Readings.Select(r => new NewKpiReading(i.Id, k.Name, r.Date, r.Value, ValueEndpoints.ApiSource))))
            .ToList();

        // Nothing is written when a reading would change a stored one.
        var stored = await new KpiReadingStore(dataSource).ReadAsync(null, ct);
        var conflicts = readings
            .Select(r => (Reading: r, Stored: stored.FirstOrDefault(s => string.Equals(s.InitiativeId, r.InitiativeId, StringComparison.OrdinalIgnoreCase)
                && string.Equals(s.Kpi, r.Kpi, StringComparison.OrdinalIgnoreCase) && s.Date == r.Date)))
            .Where(p => p.Stored is not null && p.Stored.Value != p.Reading.Value)
            .ToList();
        if (conflicts.Count > 0)
        {
            return Results.Problem(statusCode: 409, title: "KPI readings conflict with stored readings", detail: "Nothing was stored.",
                extensions: new Dictionary<string, object?>
                {
                    ["errors"] = conflicts.Select(c => string.Create(CultureInfo.InvariantCulture,
                        $"initiative '{c.Reading.InitiativeId}', KPI '{c.Reading.Kpi}': {c.Reading.Date:yyyy-MM-dd} already has the reading {c.Stored!.Value} (stored from {c.Stored.Source}); readings are never changed.")).ToList(),
                });
        }

        var summary = await new PortfolioRepository(dataSource).SaveDefinitionAsync(doc.Portfolio, doc.Options, ValueEndpoints.ApiSource, ct);
        var appended = readings.Count == 0 ? null : await new KpiReadingStore(dataSource).AppendAsync(readings, ct);
        options.ReadingsAppended?.Invoke();
        return Results.Ok(new PortfolioStored(summary.Objectives, summary.Initiatives, summary.Kpis, summary.Retired,
            appended?.Inserted ?? 0, appended?.AlreadyStored ?? 0));
    }

    private static async Task<string?> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        // Bounded whatever the Content-Length says (chunked bodies have none).
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return new UTF8Encoding(false, throwOnInvalidBytes: false).GetString(buffer.GetBuffer(), 0, (int)buffer.Length).TrimStart('\uFEFF');
    }
}
