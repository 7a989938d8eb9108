namespace PmoFlow.Core.Forecasting;

/// <summary>One stay of an item in a done stage: it entered done on <paramref name="Done"/> and left it (reopened) on <paramref name="Undone"/>.</summary>
/// <param name="Done">Local date the item entered done (METRICS.md §2: moves between done statuses do not move it).</param>
/// <param name="Undone">Local date it left done again, or null when it is still done at the end of the data.</param>
public readonly record struct CompletionSpell(DateOnly Done, DateOnly? Undone);

/// <summary>
/// The completions of a stream as they were known on any past day, so a backtest uses no item fact from the future.
/// </summary>
/// <remarks>
/// A forecast standing on day A sees the full days before A: the items in done at the end of day A − 1, each with the
/// date it last entered done. An item done on day 3 and reopened on day 10 counts as a completion of day 3 for every
/// as-of day 4..10 and not after; its final Done date (if done again) counts from the day after it. Immutable.
/// </remarks>
public sealed class CompletionHistory
{
    private readonly CompletionSpell[] _spells;
    private readonly DateOnly[] _final;

    private CompletionHistory(IEnumerable<CompletionSpell> spells)
    {
        _spells = [.. spells.OrderBy(s => s.Done)];
        foreach (var s in _spells)
        {
            if (s.Undone is { } u && u < s.Done)
            {
                throw new ArgumentException($"A completion spell ends ({u:yyyy-MM-dd}) before it starts ({s.Done:yyyy-MM-dd}).", nameof(spells));
            }
        }

        _final = [.. _spells.Where(s => s.Undone is null).Select(s => s.Done)];
    }

    /// <summary>The Done dates of the items done at the end of the data, in date order (what finally happened).</summary>
    public IReadOnlyList<DateOnly> Final => _final;

    /// <summary>The last Done date of the data, or null when nothing was ever done.</summary>
    public DateOnly? LastDone => _spells.Length == 0 ? null : _spells.Max(s => s.Undone is { } u && u > s.Done ? u : s.Done);

    /// <summary>A history where nothing is ever reopened: each date is one completion.</summary>
    public static CompletionHistory FromDates(IEnumerable<DateOnly> completionDates)
    {
        ArgumentNullException.ThrowIfNull(completionDates);
        return new CompletionHistory(completionDates.Select(d => new CompletionSpell(d, null)));
    }

    /// <summary>A history of stays in done (several per item when items are reopened).</summary>
    public static CompletionHistory FromSpells(IEnumerable<CompletionSpell> spells)
    {
        ArgumentNullException.ThrowIfNull(spells);
        return new CompletionHistory(spells);
    }

    /// <summary>The Done dates known on day <paramref name="asOf"/>: spells that began before it and had not ended by its start, in date order.</summary>
    public IReadOnlyList<DateOnly> KnownAt(DateOnly asOf)
    {
        var result = new List<DateOnly>();
        foreach (var s in _spells)
        {
            if (s.Done >= asOf)
            {
                break;
            }

            if (s.Undone is null || s.Undone.Value >= asOf)
            {
                result.Add(s.Done);
            }
        }

        return result;
    }
}
