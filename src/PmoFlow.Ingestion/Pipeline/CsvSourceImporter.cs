using System.Globalization;
using PmoFlow.Core.Events;
using PmoFlow.Ingestion.Csv;

namespace PmoFlow.Ingestion.Pipeline;

/// <summary>
/// Turns a CSV source's files into batches: the items file first, then the events file. The cursor saved
/// with each events batch is <c>csv:v1:&lt;fingerprint&gt;:&lt;line&gt;</c>; a later run of the same, unchanged file
/// resumes after that line (an interrupted import goes on where it stopped), a changed file is read again
/// from the top (inserting only new events).
/// </summary>
public static class CsvSourceImporter
{
    /// <summary>Checks both files' headers before anything is written; throws <see cref="CsvFormatException"/>.</summary>
    public static void Validate(CsvSourceOptions csv)
    {
        ArgumentNullException.ThrowIfNull(csv);
        CsvEventReader.ValidateEventsHeader(csv.EventsPath, csv.EventColumns, csv.Delimiter);
        if (csv.ItemsPath is not null)
        {
            CsvEventReader.ValidateItemsHeader(csv.ItemsPath, csv.ItemColumns, csv.Delimiter);
        }
    }

    /// <summary>The batches of a CSV source, resuming from <paramref name="savedCursor"/> when it fits the file.</summary>
    public static IEnumerable<IngestBatch> Read(
        string source,
        CsvSourceOptions csv,
        TimeZoneInfo zone,
        string? savedCursor,
        bool full = false,
        int batchSize = 20_000)
    {
        ArgumentNullException.ThrowIfNull(csv);
        Validate(csv);
        var reader = new CsvEventReader(source, zone, batchSize);
        var fingerprint = Fingerprint(csv.EventsPath);
        var skip = full ? 0 : ResumeLine(savedCursor, fingerprint);
        if (csv.ItemsPath is not null && skip == 0)
        {
            foreach (var batch in reader.ReadItems(csv.ItemsPath, csv.ItemColumns, csv.Delimiter))
            {
                yield return batch;
            }
        }

        foreach (var batch in reader.ReadEvents(csv.EventsPath, csv.EventColumns, csv.Delimiter, skip, line => $"csv:v1:{fingerprint}:{line.ToString(CultureInfo.InvariantCulture)}"))
        {
            yield return batch;
        }
    }

    /// <summary>The line to resume after, when the cursor was saved for this same file; else 0.</summary>
    public static long ResumeLine(string? cursor, string fingerprint)
    {
        if (cursor is null || !cursor.StartsWith("csv:v1:", StringComparison.Ordinal))
        {
            return 0;
        }

        var last = cursor.LastIndexOf(':');
        var fp = cursor[7..last];
        return fp == fingerprint && long.TryParse(cursor[(last + 1)..], NumberStyles.Integer, CultureInfo.InvariantCulture, out var line)
            ? line
            : 0;
    }

    /// <summary>Identifies a file's content version cheaply: its size and last write time.</summary>
    public static string Fingerprint(string path)
    {
        var info = new FileInfo(path);
        return string.Create(CultureInfo.InvariantCulture, $"{info.Length}-{info.LastWriteTimeUtc.Ticks}");
    }
}
