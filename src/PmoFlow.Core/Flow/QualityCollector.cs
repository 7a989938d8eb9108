namespace PmoFlow.Core.Flow;

/// <summary>Counts what each data-quality check finds while items stream past (examples capped).</summary>
internal sealed class QualityCollector
{
    private readonly int _examples;
    private readonly Dictionary<string, Tally> _tallies = [];
    private int[] _unmappedItems = [];

    public QualityCollector(int examples) => _examples = Math.Max(0, examples);

    public int Items { get; set; }

    public long Events { get; set; }

    public void Note(string check, string key, long events)
    {
        if (!_tallies.TryGetValue(check, out var tally))
        {
            tally = new Tally();
            _tallies[check] = tally;
        }

        tally.Items++;
        tally.Events += events;
        if (tally.Examples.Count < _examples)
        {
            tally.Examples.Add(key);
        }
    }

    public void NoteUnmapped(int status)
    {
        if (status >= _unmappedItems.Length)
        {
            Array.Resize(ref _unmappedItems, Math.Max(status + 1, _unmappedItems.Length * 2));
        }

        _unmappedItems[status]++;
    }

    public DataQualityReport Report(StatusTable statuses)
    {
        var unmapped = new List<UnmappedStatus>();
        for (var i = 0; i < _unmappedItems.Length; i++)
        {
            if (_unmappedItems[i] > 0)
            {
                unmapped.Add(new UnmappedStatus(statuses.Name(i), _unmappedItems[i]));
            }
        }

        unmapped.Sort((a, b) => b.Items != a.Items ? b.Items.CompareTo(a.Items) : string.CompareOrdinal(a.Status, b.Status));
        var findings = Checks.Select(c =>
        {
            var t = _tallies.GetValueOrDefault(c.Id);
            return new QualityFinding(c.Id, c.Description, t?.Items ?? 0, t?.Events ?? 0, t?.Examples ?? []);
        }).ToList();
        return new DataQualityReport(Items, Events, unmapped, findings);
    }

    /// <summary>Every check, in report order, with what it looks for.</summary>
    public static readonly IReadOnlyList<(string Id, string Description)> Checks =
    [
        ("unmapped-status", "Items that entered a status mapped to no stage (they stay in their previous stage for every figure)."),
        ("events-before-creation", "Events dated before the item's created instant."),
        ("done-without-start", "Items that reached done without entering any stage between the commitment and delivery points (start back-filled)."),
        ("backward-moves", "Backward moves after commitment (rework), counted per move."),
        ("reopened", "Items moved out of done back into the workflow."),
        ("duplicate-timestamps", "Status changes of one item sharing the same instant (their order is decided by event key)."),
        ("future-events", "Events after the as-of instant (clock skew or a wrong as-of): ignored for every figure."),
        ("broken-status-chain", "Status changes whose 'from' status is not the status the item was in (out-of-order or missing events)."),
        ("no-events", "Items with no event at all before the as-of instant."),
        ("title-truncated", "Items whose title was longer than limits.titleLength and was cut when imported (it ends with …[truncated])."),
        ("observed-status", "Status changes seen only in the tracker's current status, with no event for them (GitHub Projects): dated at the item's last update, so approximate."),
    ];

    private sealed class Tally
    {
        public int Items;
        public long Events;
        public List<string> Examples { get; } = [];
    }
}
