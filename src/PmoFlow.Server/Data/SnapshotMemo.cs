namespace PmoFlow.Server.Data;

/// <summary>
/// What a stream's snapshot (and the as-of views made from it) remembers between requests: computed answers keyed by
/// kind and arguments, at most <see cref="Capacity"/> of each kind, the least recently used one dropped to make room.
/// Bounded by kind because the kinds differ in size by orders of magnitude: a weekly report model or an as-of view of a
/// 100,000-item stream holds hundreds of megabytes, a board or a portfolio evaluation a few. One memo is shared by a
/// snapshot and all its as-of views, so the bound holds for the stream as a whole (it used to be 32 entries per
/// snapshot and per view, which let `serve` grow past 10 GB under report requests for many weeks).
/// </summary>
/// <remarks>Thread-safe. Each entry is computed once (concurrent callers wait for the same computation); a failed
/// computation is not remembered.</remarks>
internal sealed class SnapshotMemo
{
    private readonly object _gate = new();
    private readonly Dictionary<string, (Lazy<object> Value, LinkedListNode<string> Node)> _entries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LinkedList<string>> _recency = new(StringComparer.Ordinal);

    /// <summary>Entries kept per kind: a kind not listed keeps <see cref="DefaultCapacity"/>.</summary>
    public static IReadOnlyDictionary<string, int> Capacity { get; } = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["asof"] = 4,
        ["analysis"] = 4,
        ["report"] = 4,
        ["rendered"] = 8,
        ["board"] = 4,
        ["portfolio"] = 4,
    };

    /// <summary>Entries kept of a kind not in <see cref="Capacity"/>.</summary>
    public const int DefaultCapacity = 4;

    /// <summary>Entries held now (all kinds).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>True when <paramref name="key"/> of <paramref name="kind"/> is held and computed.</summary>
    public bool Has(string kind, string key)
    {
        lock (_gate)
        {
            return _entries.TryGetValue(kind + ":" + key, out var e) && e.Value.IsValueCreated;
        }
    }

    /// <summary>The remembered answer for <paramref name="key"/> of <paramref name="kind"/>, computing it once when absent.</summary>
    public T Get<T>(string kind, string key, Func<T> compute)
        where T : class
    {
        var full = kind + ":" + key;
        Lazy<object> lazy;
        lock (_gate)
        {
            if (_entries.TryGetValue(full, out var found))
            {
                var list = found.Node.List!;
                list.Remove(found.Node);
                list.AddFirst(found.Node);
                lazy = found.Value;
            }
            else
            {
                lazy = new Lazy<object>(compute, LazyThreadSafetyMode.ExecutionAndPublication);
                if (!_recency.TryGetValue(kind, out var list))
                {
                    _recency[kind] = list = new LinkedList<string>();
                }

                _entries[full] = (lazy, list.AddFirst(full));
                var capacity = Capacity.GetValueOrDefault(kind, DefaultCapacity);
                while (list.Count > capacity)
                {
                    var oldest = list.Last!;
                    list.RemoveLast();
                    _entries.Remove(oldest.Value);
                }
            }
        }

        try
        {
            return (T)lazy.Value;
        }
        catch
        {
            lock (_gate)
            {
                if (_entries.TryGetValue(full, out var failed) && ReferenceEquals(failed.Value, lazy))
                {
                    failed.Node.List?.Remove(failed.Node);
                    _entries.Remove(full);
                }
            }

            throw;
        }
    }
}
