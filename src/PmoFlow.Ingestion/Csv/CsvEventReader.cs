using System.Globalization;
using System.Text;
using CsvHelper;
using PmoFlow.Core.Events;
using PmoFlow.Core.Limits;

namespace PmoFlow.Ingestion.Csv;

/// <summary>
/// Streams PmoFlow's canonical CSV (one row per event, plus an optional items file) into
/// <see cref="IngestBatch"/>es of bounded size. A bad row is quarantined with <c>file:line</c> and the
/// reason and reading goes on; a header that does not fit throws <see cref="CsvFormatException"/>
/// before anything is produced.
/// </summary>
public sealed class CsvEventReader
{
    /// <summary>Canonical columns of the events file.</summary>
    public static IReadOnlyList<string> EventColumnNames { get; } =
        ["item_key", "timestamp", "from_status", "to_status", "event", "item_type", "title", "created_at", "event_key", "field", "value", "parent", "labels"];

    /// <summary>Canonical columns of the items file.</summary>
    public static IReadOnlyList<string> ItemColumnNames { get; } =
        ["key", "created", "type", "title", "parent", "business_value", "labels"];

    /// <summary>The separator of labels within a <c>labels</c> cell (e.g. <c>churn; q3</c>).</summary>
    public const char LabelSeparator = ';';

    private readonly string _source;
    private readonly TimeZoneInfo _zone;
    private readonly int _batchSize;
    private readonly InputLimits _limits;
    private readonly string? _timestampFormat;

    /// <summary>Creates a reader for one source.</summary>
    /// <param name="source">The source name stored with every event.</param>
    /// <param name="zone">Zone for timestamps without an offset.</param>
    /// <param name="batchSize">Rows per batch (memory stays bounded by it).</param>
    /// <param name="limits">Timestamp range and field lengths (default <see cref="InputLimits.Default"/>).</param>
    /// <param name="timestampFormat">The source's declared timestamp format (.NET custom format); null: ISO 8601 only.</param>
    public CsvEventReader(string source, TimeZoneInfo zone, int batchSize = 20_000, InputLimits? limits = null, string? timestampFormat = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        _source = source;
        _zone = zone;
        _batchSize = batchSize;
        _limits = limits ?? InputLimits.Default;
        _timestampFormat = timestampFormat;
    }

    /// <summary>Checks an events file's header without reading rows; throws <see cref="CsvFormatException"/>.</summary>
    public static void ValidateEventsHeader(string path, IReadOnlyDictionary<string, string>? mapping = null, string delimiter = ",")
    {
        using var csv = Open(path, delimiter, out _);
        _ = EventHeader(path, csv, mapping);
    }

    /// <summary>Checks an items file's header without reading rows; throws <see cref="CsvFormatException"/>.</summary>
    public static void ValidateItemsHeader(string path, IReadOnlyDictionary<string, string>? mapping = null, string delimiter = ",")
    {
        using var csv = Open(path, delimiter, out _);
        _ = ItemHeader(path, csv, mapping);
    }

    /// <summary>Reads an events file. <paramref name="skipThroughLine"/> resumes after an already committed line.</summary>
    /// <param name="path">The file.</param>
    /// <param name="mapping">Canonical column → the file's header name (missing entries use the canonical name).</param>
    /// <param name="delimiter">Field delimiter.</param>
    /// <param name="skipThroughLine">Rows ending on or before this 1-based line are skipped (0 reads all).</param>
    /// <param name="cursorFor">Makes the cursor saved after a batch from the last line it holds.</param>
    public IEnumerable<IngestBatch> ReadEvents(
        string path,
        IReadOnlyDictionary<string, string>? mapping = null,
        string delimiter = ",",
        long skipThroughLine = 0,
        Func<long, string?>? cursorFor = null)
    {
        using var csv = Open(path, delimiter, out var malformed);
        var h = EventHeader(path, csv, mapping);
        var events = new List<FlowEvent>(_batchSize);
        var items = new Dictionary<string, WorkItem>(StringComparer.Ordinal);
        var quarantined = new List<QuarantineRecord>();
        var keysInBatch = new HashSet<string>(StringComparer.Ordinal);
        var fileName = Path.GetFileName(path);
        long line = 0;
        var rows = 0;
        var repeated = 0;
        while (csv.Read())
        {
            line = csv.LineNumber;
            if (line <= skipThroughLine)
            {
                continue;
            }

            rows++;
            var location = $"{fileName}:{line}";
            if (RowProblem(csv, h.FieldCount, malformed) is { } rowProblem)
            {
                quarantined.Add(new QuarantineRecord(_source, location, Raw(csv), rowProblem));
            }
            else if (ParseEvent(csv, h, out var ev, out var item, out var problem) && Checked(ref item, ev, out problem))
            {
                if (keysInBatch.Add(ev!.ItemKey + "\u0001" + ev.EventKey))
                {
                    events.Add(ev);
                }
                else
                {
                    repeated++;
                }

                if (item is not null)
                {
                    items[item.Key] = Merge(items.GetValueOrDefault(item.Key), item);
                }
            }
            else
            {
                quarantined.Add(new QuarantineRecord(_source, location, Raw(csv), problem!));
            }

            if (rows >= _batchSize)
            {
                yield return new IngestBatch([.. items.Values], events, quarantined, cursorFor?.Invoke(line)) { DuplicatesInBatch = repeated };
                events = new List<FlowEvent>(_batchSize);
                items.Clear();
                quarantined = [];
                keysInBatch.Clear();
                rows = 0;
                repeated = 0;
            }
        }

        if (rows > 0 || line == 0)
        {
            yield return new IngestBatch([.. items.Values], events, quarantined, cursorFor?.Invoke(line)) { DuplicatesInBatch = repeated };
        }
    }

    /// <summary>Reads an items file (key, created, type, title, parent, business_value).</summary>
    public IEnumerable<IngestBatch> ReadItems(
        string path,
        IReadOnlyDictionary<string, string>? mapping = null,
        string delimiter = ",")
    {
        using var csv = Open(path, delimiter, out var malformed);
        var h = ItemHeader(path, csv, mapping);
        var items = new Dictionary<string, WorkItem>(StringComparer.Ordinal);
        var quarantined = new List<QuarantineRecord>();
        var fileName = Path.GetFileName(path);
        var rows = 0;
        while (csv.Read())
        {
            rows++;
            var location = $"{fileName}:{csv.LineNumber}";
            if (RowProblem(csv, h.FieldCount, malformed) is { } rowProblem)
            {
                quarantined.Add(new QuarantineRecord(_source, location, Raw(csv), rowProblem));
            }
            else if (ParseItem(csv, h, out var item, out var problem) && Checked(ref item, null, out problem))
            {
                items[item!.Key] = Merge(items.GetValueOrDefault(item.Key), item);
            }
            else
            {
                quarantined.Add(new QuarantineRecord(_source, location, Raw(csv), problem!));
            }

            if (rows >= _batchSize)
            {
                yield return new IngestBatch([.. items.Values], [], quarantined);
                items.Clear();
                quarantined = [];
                rows = 0;
            }
        }

        if (rows > 0)
        {
            yield return new IngestBatch([.. items.Values], [], quarantined);
        }
    }

    private static CsvReader Open(string path, string delimiter, out MalformedLog malformed)
    {
        if (!File.Exists(path))
        {
            throw new CsvFormatException($"{path}: file not found.");
        }

        if (delimiter.Length != 1)
        {
            throw new CsvFormatException($"{path}: the delimiter must be one character, not '{delimiter}'.");
        }

        var log = new MalformedLog();
        malformed = log;
        var options = new CsvReaderOptions
        {
            Separator = delimiter[0],
            HasHeader = true,
            TrackLineNumbers = true,
            AllowLineBreaksInQuotes = true,
            MalformedData = CsvMalformedDataHandling.Recover,
            FieldCountMismatch = CsvFieldCountHandling.Allow,
            OnMalformedRecord = m => log.Record(m.LineNumber, m.Reason),
        };

        // The reader skips a UTF-8 byte order mark when there is one.
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return CsvReader.Create(stream, options, leaveOpen: false);
    }

    private static string[] ReadHeader(string path, CsvReader csv)
    {
        try
        {
            csv.ReadHeader();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new CsvFormatException($"{path}:1: the header row cannot be read: {ex.Message.Split('\n', 2)[0]}", ex);
        }

        if (csv.Headers is null || csv.Headers.Count == 0 || (csv.Headers.Count == 1 && string.IsNullOrWhiteSpace(csv.Headers[0])))
        {
            throw new CsvFormatException($"{path}:1: the file is empty; a header row is required.");
        }

        return [.. csv.Headers];
    }

    /// <summary>The rules of <see cref="RecordGuard"/> on a parsed row: false with the reason to quarantine it; a long title is cut.</summary>
    private bool Checked(ref WorkItem? item, FlowEvent? ev, out string? problem)
    {
        problem = ev is null ? null : RecordGuard.Problem(ev, _limits);
        if (problem is null && item is not null)
        {
            problem = RecordGuard.Problem(item, _limits, out var kept);
            item = kept;
        }

        return problem is null;
    }

    private static string? RowProblem(CsvReader csv, int fieldCount, MalformedLog malformed)
    {
        // Bytes that are not UTF-8 would be replaced by U+FFFD when decoded, so two different keys could merge.
        if (!System.Text.Unicode.Utf8.IsValid(csv.RawRecord))
        {
            malformed.Clear();
            return $"the row is not valid UTF-8 (at byte {InvalidUtf8At(csv.RawRecord)} of the row); save the file as UTF-8";
        }

        if (malformed.LastLine == csv.LineNumber && malformed.LastReason is { } reason)
        {
            malformed.Clear();
            return $"malformed CSV row ({reason})";
        }

        return csv.FieldCount != fieldCount
            ? $"the row has {csv.FieldCount} fields but the header has {fieldCount}"
            : null;
    }

    private static int InvalidUtf8At(ReadOnlySpan<byte> bytes)
    {
        var at = 0;
        while (at < bytes.Length)
        {
            if (System.Text.Rune.DecodeFromUtf8(bytes[at..], out _, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                return at + 1;
            }

            at += consumed;
        }

        return at;
    }

    // Storable and printable whatever the row holds: invalid bytes become U+FFFD, NUL and control characters \uXXXX.
    private static string Raw(CsvReader csv) => RecordGuard.Printable(System.Text.Encoding.UTF8.GetString(csv.RawRecord).TrimEnd('\r', '\n'));

    // A header is file content: shown escaped and clipped, never raw to the terminal.
    private static string Shown(string[] header) =>
        string.Join(", ", header.Take(40).Select(h => RecordGuard.Printable(h.Length > 60 ? h[..60] + "…" : h)))
        + (header.Length > 40 ? $" … ({header.Length} columns)" : string.Empty);

    private static int Column(string[] header, IReadOnlyDictionary<string, string>? mapping, string canonical)
    {
        var name = mapping is not null && mapping.TryGetValue(canonical, out var mapped) ? mapped : canonical;
        return Array.FindIndex(header, h => string.Equals(h.Trim(), name, StringComparison.OrdinalIgnoreCase));
    }

    private static string Describe(IReadOnlyDictionary<string, string>? mapping, string canonical) =>
        mapping is not null && mapping.TryGetValue(canonical, out var mapped) && mapped != canonical
            ? $"'{mapped}' (mapped to {canonical})"
            : $"'{canonical}'";

    private static EventHeaderMap EventHeader(string path, CsvReader csv, IReadOnlyDictionary<string, string>? mapping)
    {
        var header = ReadHeader(path, csv);
        var map = new EventHeaderMap
        {
            FieldCount = header.Length,
            ItemKey = Column(header, mapping, "item_key"),
            Timestamp = Column(header, mapping, "timestamp"),
            From = Column(header, mapping, "from_status"),
            To = Column(header, mapping, "to_status"),
            Event = Column(header, mapping, "event"),
            ItemType = Column(header, mapping, "item_type"),
            Title = Column(header, mapping, "title"),
            CreatedAt = Column(header, mapping, "created_at"),
            EventKey = Column(header, mapping, "event_key"),
            Field = Column(header, mapping, "field"),
            Value = Column(header, mapping, "value"),
            Parent = Column(header, mapping, "parent"),
            Labels = Column(header, mapping, "labels"),
        };

        var missing = new List<string>();
        if (map.ItemKey < 0)
        {
            missing.Add(Describe(mapping, "item_key"));
        }

        if (map.Timestamp < 0)
        {
            missing.Add(Describe(mapping, "timestamp"));
        }

        if (map.To < 0 && map.Event < 0)
        {
            missing.Add(Describe(mapping, "to_status") + " (or 'event')");
        }

        if (missing.Count > 0)
        {
            throw new CsvFormatException(
                $"{path}:1: the header lacks {string.Join(", ", missing)}. Found: {Shown(header)}. " +
                "Map the file's columns under `columns: events:` in pmoflow.yaml (see the README's CSV format).");
        }

        return map;
    }

    private static ItemHeaderMap ItemHeader(string path, CsvReader csv, IReadOnlyDictionary<string, string>? mapping)
    {
        var header = ReadHeader(path, csv);
        var map = new ItemHeaderMap
        {
            FieldCount = header.Length,
            Key = Column(header, mapping, "key"),
            Created = Column(header, mapping, "created"),
            Type = Column(header, mapping, "type"),
            Title = Column(header, mapping, "title"),
            Parent = Column(header, mapping, "parent"),
            BusinessValue = Column(header, mapping, "business_value"),
            Labels = Column(header, mapping, "labels"),
        };
        if (map.Key < 0)
        {
            throw new CsvFormatException(
                $"{path}:1: the header lacks {Describe(mapping, "key")}. Found: {Shown(header)}. " +
                "Map the file's columns under `columns: items:` in pmoflow.yaml (see the README's CSV format).");
        }

        return map;
    }

    private bool ParseEvent(CsvReader csv, EventHeaderMap h, out FlowEvent? ev, out WorkItem? item, out string? problem)
    {
        ev = null;
        item = null;
        var key = Field(csv, h.ItemKey);
        if (key is null)
        {
            problem = "item_key is empty";
            return false;
        }

        if (!TimestampParser.TryParse(csv.GetString(h.Timestamp), _zone, _timestampFormat, _limits, out var at, out problem))
        {
            problem = "timestamp: " + problem;
            return false;
        }

        var kindText = Field(csv, h.Event)?.ToLowerInvariant();
        EventKind kind;
        switch (kindText)
        {
            case null or "status":
                kind = EventKind.Status;
                break;
            case "blocked" or "flagged":
                kind = EventKind.Blocked;
                break;
            case "unblocked" or "unflagged":
                kind = EventKind.Unblocked;
                break;
            case "removed" or "deleted":
                kind = EventKind.Removed;
                break;
            case "created":
                kind = EventKind.Created;
                break;
            case "field":
                kind = EventKind.Field;
                break;
            default:
                problem = $"event '{kindText}' is not one of status, blocked, unblocked, removed, created, field";
                return false;
        }

        var from = Field(csv, h.From);
        var to = Field(csv, h.To);
        var fieldName = Field(csv, h.Field);
        var value = Field(csv, h.Value);
        if (kind == EventKind.Status && to is null)
        {
            problem = "to_status is empty for a status change";
            return false;
        }

        if (kind == EventKind.Field && fieldName is null)
        {
            problem = "field is empty for a field change";
            return false;
        }

        var eventKey = Field(csv, h.EventKey) ?? DeriveKey(kind, at, from, to, fieldName, value);
        ev = new FlowEvent(_source, key, eventKey, at, kind, from, to, fieldName, value);

        var type = Field(csv, h.ItemType);
        var title = Field(csv, h.Title);
        var parent = Field(csv, h.Parent);
        DateTimeOffset? created = null;
        var createdText = Field(csv, h.CreatedAt);
        if (createdText is not null)
        {
            if (!TimestampParser.TryParse(createdText, _zone, _timestampFormat, _limits, out var c, out var createdProblem))
            {
                ev = null;
                problem = "created_at: " + createdProblem;
                return false;
            }

            created = c;
        }

        var labels = Labels(csv, h.Labels);
        if (type is not null || title is not null || created is not null || parent is not null || labels is not null)
        {
            item = new WorkItem(_source, key, type, title, created, parent, Labels: labels);
        }

        problem = null;
        return true;
    }

    private bool ParseItem(CsvReader csv, ItemHeaderMap h, out WorkItem? item, out string? problem)
    {
        item = null;
        var key = Field(csv, h.Key);
        if (key is null)
        {
            problem = "key is empty";
            return false;
        }

        DateTimeOffset? created = null;
        var createdText = Field(csv, h.Created);
        if (createdText is not null)
        {
            if (!TimestampParser.TryParse(createdText, _zone, _timestampFormat, _limits, out var c, out problem))
            {
                problem = "created: " + problem;
                return false;
            }

            created = c;
        }

        decimal? value = null;
        var valueText = Field(csv, h.BusinessValue);
        if (valueText is not null)
        {
            if (!decimal.TryParse(valueText, NumberStyles.Number, CultureInfo.InvariantCulture, out var v))
            {
                problem = $"business_value '{valueText}' is not a number";
                return false;
            }

            value = v;
        }

        item = new WorkItem(_source, key, Field(csv, h.Type), Field(csv, h.Title), created, Field(csv, h.Parent), value, Labels(csv, h.Labels));
        problem = null;
        return true;
    }

    // An empty cell says nothing (like an absent column): rows of an events file often carry labels on some rows only.
    private static IReadOnlyList<string>? Labels(CsvReader csv, int index) =>
        Field(csv, index) is { } text && WorkItem.NormaliseLabels(text.Split(LabelSeparator)) is { Count: > 0 } labels ? labels : null;

    private static string? Field(CsvReader csv, int index)
    {
        if (index < 0)
        {
            return null;
        }

        var s = csv.GetString(index);
        return string.IsNullOrWhiteSpace(s) ? null : s.Trim();
    }

    // A key stable across re-imports of the same row: the same fact gives the same key.
    private static string DeriveKey(EventKind kind, DateTimeOffset at, string? from, string? to, string? field, string? value)
    {
        var ticks = at.UtcTicks.ToString(CultureInfo.InvariantCulture);
        return kind switch
        {
            EventKind.Status => $"s:{ticks}:{from}>{to}",
            EventKind.Field => $"f:{ticks}:{field}={value}",
            _ => $"{kind.ToString().ToLowerInvariant()}:{ticks}",
        };
    }

    private static WorkItem Merge(WorkItem? earlier, WorkItem later) => earlier is null ? later : earlier.UpdatedBy(later);

    private sealed class MalformedLog
    {
        public long LastLine { get; private set; } = -1;

        public CsvMalformedReason? LastReason { get; private set; }

        public void Record(long line, CsvMalformedReason reason)
        {
            LastLine = line;
            LastReason = reason;
        }

        public void Clear()
        {
            LastLine = -1;
            LastReason = null;
        }
    }

    private sealed class EventHeaderMap
    {
        public int FieldCount { get; init; }
        public int ItemKey { get; init; }
        public int Timestamp { get; init; }
        public int From { get; init; }
        public int To { get; init; }
        public int Event { get; init; }
        public int ItemType { get; init; }
        public int Title { get; init; }
        public int CreatedAt { get; init; }
        public int EventKey { get; init; }
        public int Field { get; init; }
        public int Value { get; init; }
        public int Parent { get; init; }
        public int Labels { get; init; }
    }

    private sealed class ItemHeaderMap
    {
        public int FieldCount { get; init; }
        public int Key { get; init; }
        public int Created { get; init; }
        public int Type { get; init; }
        public int Title { get; init; }
        public int Parent { get; init; }
        public int BusinessValue { get; init; }
        public int Labels { get; init; }
    }
}
