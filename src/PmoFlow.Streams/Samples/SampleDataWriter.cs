using System.Globalization;
using System.Text;
using PmoFlow.Core.Model;
using PmoFlow.Core.Simulation;
using PmoFlow.Ingestion.Csv;

namespace PmoFlow.Streams.Samples;

/// <summary>Writes a simulated delivery system as canonical CSV files plus a matching <c>pmoflow.yaml</c>.</summary>
public static class SampleDataWriter
{
    /// <summary>The sample portfolio's file name (written beside pmoflow.yaml).</summary>
    public const string PortfolioFileName = "portfolio.yaml";

    /// <summary>The sample KPI readings' file name.</summary>
    public const string KpiReadingsFileName = "kpi-readings.csv";

    /// <summary>
    /// Runs the simulator and writes <c>events.csv</c>, <c>items.csv</c> and <c>pmoflow.yaml</c> into the folder, plus the
    /// sample portfolio (<c>portfolio.yaml</c>, whose initiatives link to the simulator's epics) and its
    /// <c>kpi-readings.csv</c> when the folder has none (an edited portfolio is never overwritten).
    /// </summary>
    /// <returns>The path of the written pmoflow.yaml.</returns>
    public static string Write(string folder, SimulationParameters parameters)
    {
        Directory.CreateDirectory(folder);
        var result = DeliverySimulator.Run(parameters);
        CanonicalCsvWriter.WriteEvents(Path.Combine(folder, "events.csv"), result.Events);
        CanonicalCsvWriter.WriteItems(Path.Combine(folder, "items.csv"), result.Items);
        var config = Path.Combine(folder, "pmoflow.yaml");
        File.WriteAllText(config, Yaml(result));
        WriteResourceIfMissing(folder, PortfolioFileName);
        WriteResourceIfMissing(folder, KpiReadingsFileName);
        return config;
    }

    private static void WriteResourceIfMissing(string folder, string name)
    {
        var path = Path.Combine(folder, name);
        if (File.Exists(path))
        {
            return;
        }

        using var resource = typeof(SampleDataWriter).Assembly.GetManifestResourceStream("PmoFlow.Samples." + name)
            ?? throw new InvalidOperationException($"The sample file {name} is not embedded in this build.");
        using var file = File.Create(path);
        resource.CopyTo(file);
    }

    /// <summary>The configuration matching the simulated workflow.</summary>
    public static string Yaml(SimulationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var p = result.Parameters;
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"# PmoFlow sample: {p.Teams} teams x {p.Days} days from {p.Start:yyyy-MM-dd}, seed {p.Seed}.");
        sb.AppendLine(CultureInfo.InvariantCulture, $"# Regenerate: dotnet run --project src/PmoFlow.Cli -- sample generate --out samples --seed {p.Seed} --teams {p.Teams} --days {p.Days} --start {p.Start:yyyy-MM-dd}");
        sb.AppendLine("streams:");
        sb.AppendLine("  - name: delivery");
        sb.AppendLine(CultureInfo.InvariantCulture, $"    timeZone: {p.TimeZone}");
        sb.AppendLine("    profile: pmoflow");
        sb.AppendLine("    sources: [sample]");
        sb.AppendLine("    calendar:");
        sb.AppendLine("      workingDays: [mon, tue, wed, thu, fri]");
        // The days the simulation did not work, and the bank holidays of the next two years for forecasts.
        var holidays = p.Holidays is { } given
            ? [.. given.Select(d => new Holiday(d, null))]
            : SampleHolidays.EnglandAndWalesNamed(p.Start.Year, p.Start.AddDays(Math.Max(0, p.Days - 1)).Year + 2);
        if (holidays.Count > 0)
        {
            // Each holiday with its name ("2025-12-25 Christmas Day"): the demo's forecast lists those it skipped by name.
            sb.AppendLine("      holidays:   # bank holidays of England and Wales");
            foreach (var h in holidays.OrderBy(h => h.Date))
            {
                sb.AppendLine(CultureInfo.InvariantCulture, $"        - {h}");
            }
        }

        sb.AppendLine("    typeMapping: { Story: feature, Bug: defect, Tech Debt: debt, Risk: risk }");
        sb.AppendLine("    stages:");
        foreach (var s in result.Stages)
        {
            sb.Append(CultureInfo.InvariantCulture, $"      - {{ name: {s.Name}, category: {s.Category}");
            if (s.WipLimit > 0)
            {
                sb.Append(CultureInfo.InvariantCulture, $", wipLimit: {s.WipLimit * p.Teams}");
            }

            sb.AppendLine(" }");
        }

        sb.AppendLine("sources:");
        sb.AppendLine("  - name: sample");
        sb.AppendLine("    kind: csv");
        sb.AppendLine("    events: events.csv");
        sb.AppendLine("    items: items.csv");
        return sb.ToString();
    }
}
