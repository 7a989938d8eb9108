namespace PmoFlow.Core.Model;

/// <summary>The category of a workflow stage (METRICS.md §1).</summary>
public enum StageCategory
{
    /// <summary>Not started.</summary>
    Backlog = 0,

    /// <summary>Someone works on it.</summary>
    Active = 1,

    /// <summary>A queue: the item waits ("Ready for review", "Awaiting deploy").</summary>
    Wait = 2,

    /// <summary>Finished.</summary>
    Done = 3,

    /// <summary>Cancelled / won't do.</summary>
    Removed = 4,
}

/// <summary>One stage of a workflow and the raw tracker statuses it contains.</summary>
/// <param name="Name">The stage's display name.</param>
/// <param name="Category">Its category.</param>
/// <param name="Statuses">Raw tracker statuses mapped to it (matched case-insensitively).</param>
/// <param name="WipLimit">Optional WIP limit of the stage.</param>
public sealed record Stage(string Name, StageCategory Category, IReadOnlyList<string> Statuses, int? WipLimit = null);

/// <summary>
/// An ordered list of stages; each raw status maps to at most one stage, case-insensitively.
/// </summary>
/// <remarks>Immutable and thread-safe once built.</remarks>
public sealed class Workflow
{
    private readonly Dictionary<string, int> _statusToStage;

    /// <summary>Builds a workflow; throws when a status is mapped to two stages or a stage name repeats.</summary>
    public Workflow(IReadOnlyList<Stage> stages)
    {
        ArgumentNullException.ThrowIfNull(stages);
        if (stages.Count == 0)
        {
            throw new ArgumentException("A workflow needs at least one stage.", nameof(stages));
        }

        Stages = stages;
        _statusToStage = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < stages.Count; i++)
        {
            if (!names.Add(stages[i].Name))
            {
                throw new ArgumentException($"Stage '{stages[i].Name}' appears twice in the workflow.", nameof(stages));
            }

            foreach (var status in stages[i].Statuses)
            {
                if (!_statusToStage.TryAdd(status.Trim(), i))
                {
                    throw new ArgumentException(
                        $"Status '{status}' is mapped to both '{stages[_statusToStage[status.Trim()]].Name}' and '{stages[i].Name}'.",
                        nameof(stages));
                }
            }
        }
    }

    /// <summary>The stages in workflow order.</summary>
    public IReadOnlyList<Stage> Stages { get; }

    /// <summary>The index of the stage a raw status maps to, or -1 when it maps to none.</summary>
    public int StageOf(string? status) =>
        status is not null && _statusToStage.TryGetValue(status.Trim(), out var i) ? i : -1;

    /// <summary>The index of the stage with this name (case-insensitive), or -1.</summary>
    public int IndexOfStage(string name)
    {
        for (var i = 0; i < Stages.Count; i++)
        {
            if (string.Equals(Stages[i].Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Default commitment point: the first stage that is not backlog.</summary>
    public int DefaultCommitmentStage()
    {
        for (var i = 0; i < Stages.Count; i++)
        {
            if (Stages[i].Category != StageCategory.Backlog)
            {
                return i;
            }
        }

        return 0;
    }

    /// <summary>Default delivery point: the first done stage (or the last stage when none is done).</summary>
    public int DefaultDeliveryStage()
    {
        for (var i = 0; i < Stages.Count; i++)
        {
            if (Stages[i].Category == StageCategory.Done)
            {
                return i;
            }
        }

        return Stages.Count - 1;
    }
}
