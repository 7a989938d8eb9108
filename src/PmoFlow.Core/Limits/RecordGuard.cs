using PmoFlow.Core.Events;

namespace PmoFlow.Core.Limits;

/// <summary>
/// The rules every event and item record passes before it is stored, whatever its source (CSV reader, tracker
/// connector): text PostgreSQL cannot store (NUL, unpaired surrogates), keys past <see cref="InputLimits.MaxKeyLength"/>
/// and timestamps outside the accepted range are refused with a reason (the record is quarantined); titles past
/// <see cref="InputLimits.MaxTitleLength"/> are cut and marked with <see cref="TruncationMark"/>, which the
/// <c>title-truncated</c> data-quality check counts.
/// </summary>
/// <remarks>Pure and thread-safe.</remarks>
public static class RecordGuard
{
    /// <summary>The end of a title that was cut at the limit.</summary>
    public const string TruncationMark = " …[truncated]";

    /// <summary>Why <paramref name="e"/> cannot be stored, or null when it can.</summary>
    public static string? Problem(FlowEvent e, InputLimits limits)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(limits);
        return Key("item_key", e.ItemKey, limits)
            ?? Text("event_key", e.EventKey, limits.MaxTitleLength, "limits.titleLength") // often derived from statuses and a timestamp
            ?? Key("from_status", e.FromStatus, limits)
            ?? Key("to_status", e.ToStatus, limits)
            ?? Key("field", e.Field, limits)
            ?? Text("value", e.Value, limits.MaxTitleLength, "limits.titleLength")
            ?? (limits.IsPlausible(e.At) ? null : limits.ImplausibleTimestamp(e.At));
    }

    /// <summary>Why <paramref name="item"/> cannot be stored (null when it can); <paramref name="kept"/> is the item to store, its title cut when too long.</summary>
    public static string? Problem(WorkItem item, InputLimits limits, out WorkItem kept)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(limits);
        kept = item;
        var problem = Key("key", item.Key, limits)
            ?? Key("type", item.Type, limits)
            ?? Key("parent", item.Parent, limits)
            ?? Unstorable("title", item.Title)
            ?? item.Labels?.Select(l => Key("labels", l, limits)).FirstOrDefault(p => p is not null)
            ?? (item.Created is { } c && !limits.IsPlausible(c) ? "created: " + limits.ImplausibleTimestamp(c) : null);
        if (problem is null && item.Title is { } title && title.Length > limits.MaxTitleLength)
        {
            kept = item with { Title = Truncate(title, limits.MaxTitleLength) };
        }

        return problem;
    }

    /// <summary>A title cut to <paramref name="max"/> characters, ending with <see cref="TruncationMark"/> (never splitting a surrogate pair).</summary>
    public static string Truncate(string title, int max)
    {
        ArgumentNullException.ThrowIfNull(title);
        if (title.Length <= max)
        {
            return title;
        }

        var keep = Math.Max(0, max - TruncationMark.Length);
        if (keep > 0 && char.IsHighSurrogate(title[keep - 1]))
        {
            keep--;
        }

        return title[..keep] + TruncationMark;
    }

    /// <summary>Whether a title was cut by <see cref="Truncate"/>.</summary>
    public static bool IsTruncated(string? title) => title is not null && title.EndsWith(TruncationMark, StringComparison.Ordinal);

    /// <summary>
    /// The batch with every record that cannot be stored moved to its quarantine (located <c>source:item key</c>, the raw
    /// record shown with unstorable characters escaped) and long titles cut. Records of the CSV reader arrive checked.
    /// </summary>
    public static IngestBatch Apply(IngestBatch batch, InputLimits limits)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(limits);
        List<FlowEvent>? events = null;
        List<WorkItem>? items = null;
        List<QuarantineRecord>? quarantined = null;
        for (var i = 0; i < batch.Events.Count; i++)
        {
            var e = batch.Events[i];
            if (Problem(e, limits) is { } problem)
            {
                events ??= [.. batch.Events.Take(i)];
                quarantined ??= [.. batch.Quarantined];
                quarantined.Add(new QuarantineRecord(e.Source, $"{e.Source}:{Printable(Clip(e.ItemKey, 200))}", Printable(e.ToString()), problem));
            }
            else
            {
                events?.Add(e);
            }
        }

        for (var i = 0; i < batch.Items.Count; i++)
        {
            var item = batch.Items[i];
            var problem = Problem(item, limits, out var kept);
            if (problem is not null || !ReferenceEquals(kept, item))
            {
                items ??= [.. batch.Items.Take(i)];
            }

            if (problem is not null)
            {
                quarantined ??= [.. batch.Quarantined];
                quarantined.Add(new QuarantineRecord(item.Source, $"{item.Source}:{Printable(Clip(item.Key, 200))}", Printable(item.ToString()), problem));
            }
            else
            {
                items?.Add(kept);
            }
        }

        return events is null && items is null && quarantined is null
            ? batch
            : batch with { Events = events ?? batch.Events, Items = items ?? batch.Items, Quarantined = quarantined ?? batch.Quarantined };
    }

    /// <summary>Text with NUL, other control characters and unpaired surrogates shown as <c>\uXXXX</c>, so it can be stored and printed.</summary>
    public static string Printable(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sb = new System.Text.StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var paired = char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);
            if (paired)
            {
                sb.Append(c).Append(text[++i]);
            }
            else if (char.IsSurrogate(c) || (char.IsControl(c) && c is not '\t' and not '\n' and not '\r') || c is '\u2028' or '\u2029')
            {
                sb.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..max] + "…";

    private static string? Key(string name, string? value, InputLimits limits) =>
        Text(name, value, limits.MaxKeyLength, "limits.keyLength");

    private static string? Text(string name, string? value, int max, string limitKey)
    {
        if (value is null)
        {
            return null;
        }

        return Unstorable(name, value)
            ?? (value.Length > max ? $"{name} is {value.Length:N0} characters long; the limit is {max:N0} ({limitKey})" : null);
    }

    private static string? Unstorable(string name, string? value)
    {
        if (value is null)
        {
            return null;
        }

        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '\0')
            {
                return $"{name} contains a NUL character (U+0000), which PostgreSQL cannot store";
            }

            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return $"{name} contains an unpaired UTF-16 surrogate (U+{(int)c:X4}), which is not valid Unicode";
            }
        }

        return null;
    }
}
