namespace PmoFlow.Core.Flow;

/// <summary>What the data-quality checks found. Reported, never corrected.</summary>
/// <param name="Items">Items analysed.</param>
/// <param name="Events">Events analysed (before dropping any after the as-of instant).</param>
/// <param name="UnmappedStatuses">Statuses that map to no stage, with how many items and events use them.</param>
/// <param name="Findings">One row per check, including checks that found nothing.</param>
public sealed record DataQualityReport(
    int Items,
    long Events,
    IReadOnlyList<UnmappedStatus> UnmappedStatuses,
    IReadOnlyList<QualityFinding> Findings);

/// <summary>A status mapped to no stage.</summary>
/// <param name="Status">The raw status.</param>
/// <param name="Items">Items that entered it.</param>
public sealed record UnmappedStatus(string Status, int Items);

/// <summary>The result of one data-quality check.</summary>
/// <param name="Check">Check id: <c>events-before-creation</c>, <c>done-without-start</c>, <c>backward-moves</c>,
/// <c>duplicate-timestamps</c>, <c>future-events</c>, <c>broken-status-chain</c>, <c>reopened</c>, <c>no-events</c>.</param>
/// <param name="Description">What the check looks for, in words a user can act on.</param>
/// <param name="Items">Items affected.</param>
/// <param name="Events">Events (or moves) affected.</param>
/// <param name="Examples">A few affected item keys.</param>
public sealed record QualityFinding(string Check, string Description, int Items, long Events, IReadOnlyList<string> Examples);
