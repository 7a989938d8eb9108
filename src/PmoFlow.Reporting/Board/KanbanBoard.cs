using System.Text.Json.Serialization;

namespace PmoFlow.Reporting.Board;

/// <summary>Which cards a board shows: each filter is optional and matched case-insensitively; all given ones must match.</summary>
/// <param name="Type">The item's type (after the stream's type mapping).</param>
/// <param name="Label">One of the item's labels.</param>
/// <param name="Parent">The item's parent / epic key.</param>
public sealed record BoardFilter(string? Type = null, string? Label = null, string? Parent = null)
{
    /// <summary>True when no filter is set.</summary>
    public bool IsEmpty => Type is null && Label is null && Parent is null;
}

/// <summary>How a board is drawn besides its filters.</summary>
public sealed record BoardOptions
{
    /// <summary>The filters.</summary>
    public BoardFilter Filter { get; init; } = new();

    /// <summary>
    /// Cards kept for each collapsed column (backlog, done, removed): the most recent ones (latest done or created first).
    /// The column's count is always the full count.
    /// </summary>
    public int CollapsedCardLimit { get; init; } = 100;

    /// <summary>The link from a card to the item in its tracker (see <see cref="TrackerLinks"/>), or null for none.</summary>
    public Func<string, string, string?>? ItemUrl { get; init; }
}

/// <summary>Where an in-progress item's age stands against the cycle times of the items completed recently.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AgeBand>))]
public enum AgeBand
{
    /// <summary>Age at most the 50th percentile cycle time.</summary>
    [JsonStringEnumMemberName("within-p50")]
    WithinP50 = 0,

    /// <summary>Age above P50, at most P85.</summary>
    [JsonStringEnumMemberName("p50-p85")]
    P50ToP85 = 1,

    /// <summary>Age above the 85th percentile cycle time.</summary>
    [JsonStringEnumMemberName("beyond-p85")]
    BeyondP85 = 2,
}

/// <summary>The printed names of <see cref="AgeBand"/> (CSS classes, JSON, CLI).</summary>
public static class AgeBandNames
{
    /// <summary><c>within-p50</c>, <c>p50-p85</c> or <c>beyond-p85</c>.</summary>
    public static string Name(this AgeBand band) => band switch
    {
        AgeBand.WithinP50 => "within-p50",
        AgeBand.P50ToP85 => "p50-p85",
        _ => "beyond-p85",
    };
}

/// <summary>
/// A stream's kanban board as of one instant: one column per stage in workflow order, cards for the items in each.
/// </summary>
/// <remarks>
/// Ages and days in stage follow the stream's day count (whole days for calendar resolutions, fractional days for
/// continuous time). Titles, keys, labels, parents and blocked reasons are raw tracker text: escape them wherever shown.
/// </remarks>
/// <param name="Stream">The stream's name.</param>
/// <param name="AsOf">The instant the board is drawn as of (UTC).</param>
/// <param name="Today">The local date of <paramref name="AsOf"/>.</param>
/// <param name="P50">The 50th percentile cycle time of the items completed in the 90 days to today (the stream's percentile method), or null.</param>
/// <param name="P85">The 85th percentile of the same sample, or null.</param>
/// <param name="SleDays">The stream's SLE in days (configured, else P85), or null.</param>
/// <param name="Filter">The filters applied.</param>
/// <param name="Columns">The columns in workflow order (an "(unmapped)" column last when some item maps to no stage).</param>
/// <param name="Items">Items on the board before filtering.</param>
/// <param name="Matching">Items that pass the filters.</param>
/// <param name="Types">The distinct types of the stream's items, sorted (the filter's choices).</param>
/// <param name="Labels">The distinct labels, sorted case-insensitively.</param>
/// <param name="Parents">The distinct parent keys, sorted.</param>
public sealed record KanbanBoard(
    string Stream,
    DateTimeOffset AsOf,
    DateOnly Today,
    double? P50,
    double? P85,
    double? SleDays,
    BoardFilter Filter,
    IReadOnlyList<BoardColumn> Columns,
    int Items,
    int Matching,
    IReadOnlyList<string> Types,
    IReadOnlyList<string> Labels,
    IReadOnlyList<string> Parents);

/// <summary>One column of the board: a stage.</summary>
/// <param name="Stage">The stage's name.</param>
/// <param name="Category"><c>backlog</c>, <c>active</c>, <c>wait</c>, <c>done</c>, <c>removed</c> or <c>unmapped</c>.</param>
/// <param name="Collapsed">True for backlog, done and removed stages: shown as a count, expandable.</param>
/// <param name="WipLimit">The stage's WIP limit, or null.</param>
/// <param name="Wip">Items in the stage as of the board's instant, before filtering (what the limit is checked against).</param>
/// <param name="OverLimit">True when the stage has a limit and <paramref name="Wip"/> is above it.</param>
/// <param name="Count">Items in the stage that pass the filters.</param>
/// <param name="Cards">The cards: every matching item of an open column (oldest first), or the most recent ones of a collapsed column.</param>
public sealed record BoardColumn(
    string Stage,
    string Category,
    bool Collapsed,
    int? WipLimit,
    int Wip,
    bool OverLimit,
    int Count,
    IReadOnlyList<BoardCard> Cards)
{
    /// <summary>Matching items of the column without a card (collapsed columns keep only the most recent ones).</summary>
    public int Hidden => Count - Cards.Count;
}

/// <summary>One card: an item on the board.</summary>
/// <param name="Key">The item's key.</param>
/// <param name="Title">Its title (raw tracker text).</param>
/// <param name="Type">Its type after the stream's mapping.</param>
/// <param name="State">Its state name (<c>backlog</c>, <c>in-progress</c>, <c>done</c>, ...).</param>
/// <param name="Parent">Its parent / epic key.</param>
/// <param name="Labels">Its labels.</param>
/// <param name="Age">For in-progress items: the age in days (as <c>pmoflow items</c> prints it).</param>
/// <param name="Band">For in-progress items with a cycle-time sample: where the age stands against P50 and P85.</param>
/// <param name="BeyondSle">True when the age is above the SLE.</param>
/// <param name="Blocked">True when the item's latest blocked/unblocked event up to the instant is a block (in-progress items).</param>
/// <param name="BlockedReason">The block's reason, if the tracker gave one.</param>
/// <param name="BlockedDays">Days since the block (0.1 day precision).</param>
/// <param name="DaysInStage">Days since the item last entered its current stage, by the stream's day count; null when unknown.</param>
/// <param name="Url">The item in its tracker (http or https only), or null.</param>
public sealed record BoardCard(
    string Key,
    string? Title,
    string? Type,
    string State,
    string? Parent,
    IReadOnlyList<string> Labels,
    double? Age,
    AgeBand? Band,
    bool BeyondSle,
    bool Blocked,
    string? BlockedReason,
    double? BlockedDays,
    double? DaysInStage,
    string? Url);
