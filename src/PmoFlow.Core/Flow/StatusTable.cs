using PmoFlow.Core.Model;

namespace PmoFlow.Core.Flow;

/// <summary>
/// Interns raw tracker statuses (case-insensitively, trimmed) to small ids and maps each id to its stage once,
/// so the hot path compares integers instead of strings.
/// </summary>
/// <remarks>Not thread-safe: one table per analysis.</remarks>
public sealed class StatusTable
{
    private readonly Dictionary<string, int> _ids = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _names = [];
    private readonly List<int> _stages = [];
    private readonly List<bool> _process = [];
    private readonly Workflow _workflow;
    private readonly HashSet<string> _processNames;
    private readonly HashSet<int> _processStages = [];

    // A one-entry cache by reference: readers and generators usually hand over the same string instance repeatedly.
    private string? _lastName;
    private int _lastId = -1;

    /// <summary>Builds a table for a workflow; <paramref name="processStatuses"/> are raw statuses or stage names counted as process time.</summary>
    public StatusTable(Workflow workflow, IEnumerable<string>? processStatuses = null)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        _workflow = workflow;
        _processNames = new HashSet<string>((processStatuses ?? []).Select(s => s.Trim()), StringComparer.OrdinalIgnoreCase);
        foreach (var name in _processNames)
        {
            var stage = workflow.IndexOfStage(name);
            if (stage >= 0)
            {
                _processStages.Add(stage);
            }
        }

        // Every mapped status gets an id up front so ids are stable whatever order events arrive in.
        foreach (var stage in workflow.Stages)
        {
            foreach (var status in stage.Statuses)
            {
                Intern(status);
            }
        }
    }

    /// <summary>Number of distinct statuses seen so far.</summary>
    public int Count => _names.Count;

    /// <summary>The id of a raw status (interning it on first sight), or -1 for null or blank.</summary>
    public int Intern(string? status)
    {
        if (status is null)
        {
            return -1;
        }

        if (ReferenceEquals(status, _lastName))
        {
            return _lastId;
        }

        if (!_ids.TryGetValue(status, out var id))
        {
            var trimmed = status.Trim();
            if (trimmed.Length == 0)
            {
                return -1;
            }

            if (!_ids.TryGetValue(trimmed, out id))
            {
                id = _names.Count;
                _names.Add(trimmed);
                var stage = _workflow.StageOf(trimmed);
                _stages.Add(stage);
                _process.Add(_processNames.Contains(trimmed) || (stage >= 0 && _processStages.Contains(stage)));
                _ids[trimmed] = id;
            }

            _ids[status] = id;
        }

        _lastName = status;
        _lastId = id;
        return id;
    }

    /// <summary>The status's name as first seen (trimmed).</summary>
    public string Name(int id) => _names[id];

    /// <summary>The stage index the status maps to, or -1 when it maps to no stage.</summary>
    public int StageOf(int id) => id < 0 ? -1 : _stages[id];

    /// <summary>Whether time in this status counts as process time.</summary>
    public bool IsProcess(int id) => id >= 0 && _process[id];
}
