using System.Globalization;
using CsvHelper;
using PmoFlow.Core.Events;

namespace PmoFlow.Ingestion.Csv;

/// <summary>Writes events and items in PmoFlow's canonical CSV format (the format <see cref="CsvEventReader"/> reads).</summary>
public static class CanonicalCsvWriter
{
    /// <summary>Writes an events file: item_key, timestamp, from_status, to_status, event, event_key.</summary>
    public static void WriteEvents(string path, IEnumerable<FlowEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        using var csv = CsvWriter.Create(File.Create(path), new CsvWriterOptions { NewLine = "\n" }, leaveOpen: false);
        csv.WriteHeader(["item_key", "timestamp", "from_status", "to_status", "event", "event_key"]);
        foreach (var e in events)
        {
            csv.WriteField(e.ItemKey);
            csv.WriteField(e.At.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture));
            csv.WriteField(e.FromStatus ?? string.Empty);
            csv.WriteField(e.ToStatus ?? string.Empty);
            csv.WriteField(e.Kind switch
            {
                EventKind.Status => "status",
                EventKind.Blocked => "blocked",
                EventKind.Unblocked => "unblocked",
                EventKind.Removed => "removed",
                EventKind.Created => "created",
                _ => "field",
            });
            csv.WriteField(e.EventKey);
            csv.EndRecord();
        }
    }

    /// <summary>Writes an items file: key, created, type, title, parent, business_value.</summary>
    public static void WriteItems(string path, IEnumerable<WorkItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        using var csv = CsvWriter.Create(File.Create(path), new CsvWriterOptions { NewLine = "\n" }, leaveOpen: false);
        csv.WriteHeader(["key", "created", "type", "title", "parent", "business_value"]);
        foreach (var i in items)
        {
            csv.WriteField(i.Key);
            csv.WriteField(i.Created?.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture) ?? string.Empty);
            csv.WriteField(i.Type ?? string.Empty);
            csv.WriteField(i.Title ?? string.Empty);
            csv.WriteField(i.Parent ?? string.Empty);
            csv.WriteField(i.BusinessValue?.ToString(CultureInfo.InvariantCulture) ?? string.Empty);
            csv.EndRecord();
        }
    }
}
