using System.Text.Json.Serialization;
using PmoFlow.Core.Flow;

namespace PmoFlow.Core.Value;

/// <summary>Where an initiative stands on the portfolio board.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<InitiativeState>))]
public enum InitiativeState
{
    /// <summary>No linked item has started (or nothing is linked yet).</summary>
    [JsonStringEnumMemberName("proposed")]
    Proposed = 0,

    /// <summary>At least one linked item started; not every linked item is done.</summary>
    [JsonStringEnumMemberName("in-progress")]
    InProgress = 1,

    /// <summary>Every linked item is done; no KPI reading since the last one was.</summary>
    [JsonStringEnumMemberName("delivered")]
    Delivered = 2,

    /// <summary>Delivered, and at least one of its KPIs has a reading on or after the day the last item was done.</summary>
    [JsonStringEnumMemberName("realising-value")]
    RealisingValue = 3,
}

/// <summary>Printed names of <see cref="InitiativeState"/>.</summary>
public static class InitiativeStateNames
{
    /// <summary>All states in board order.</summary>
    public static IReadOnlyList<InitiativeState> All { get; } =
        [InitiativeState.Proposed, InitiativeState.InProgress, InitiativeState.Delivered, InitiativeState.RealisingValue];

    /// <summary><c>proposed</c>, <c>in-progress</c>, <c>delivered</c> or <c>realising-value</c>.</summary>
    public static string Name(this InitiativeState state) => state switch
    {
        InitiativeState.Proposed => "proposed",
        InitiativeState.InProgress => "in-progress",
        InitiativeState.Delivered => "delivered",
        _ => "realising-value",
    };
}

/// <summary>One initiative's card on the portfolio board.</summary>
/// <param name="InitiativeId">Its id.</param>
/// <param name="Name">Its name (user text: escape it wherever shown).</param>
/// <param name="State">Its state.</param>
/// <param name="Rank">Its WSJF rank, or null.</param>
/// <param name="Wsjf">Its WSJF, or null.</param>
/// <param name="LinkedItems">Linked items that can still deliver value (abandoned and removed items left out).</param>
/// <param name="StartedItems">Linked items that started (in progress or done).</param>
/// <param name="DoneItems">Linked items done.</param>
/// <param name="DeliveredOn">The day the last linked item was done, when all are.</param>
/// <param name="ForecastDate">Its forecast completion date, or null.</param>
/// <param name="KpiStatus">Its overall KPI status, or null.</param>
public sealed record InitiativeCard(
    string InitiativeId,
    string? Name,
    InitiativeState State,
    int? Rank,
    double? Wsjf,
    int LinkedItems,
    int StartedItems,
    int DoneItems,
    DateOnly? DeliveredOn,
    DateOnly? ForecastDate,
    KpiStatus? KpiStatus);

/// <summary>The portfolio board: every initiative, by state, in rank order within a state.</summary>
/// <remarks>Pure and thread-safe.</remarks>
public static class InitiativeBoard
{
    /// <summary>Sorts the initiatives of an evaluated portfolio into the board's states.</summary>
    /// <param name="portfolio">The portfolio (initiatives, links, KPI readings).</param>
    /// <param name="flow">Its evaluation against the stream (value items, ranking with forecast dates).</param>
    /// <param name="analysis">The stream's analysis the evaluation used (which items started).</param>
    /// <returns>The cards in rank order (unranked ones last, by id); group them by <see cref="InitiativeCard.State"/>.</returns>
    public static IReadOnlyList<InitiativeCard> Build(Portfolio portfolio, PortfolioFlowResult flow, FlowAnalysis analysis)
    {
        ArgumentNullException.ThrowIfNull(portfolio);
        ArgumentNullException.ThrowIfNull(flow);
        ArgumentNullException.ThrowIfNull(analysis);
        var started = new HashSet<string>(StringComparer.Ordinal);
        foreach (var i in analysis.Items)
        {
            if (i.Start is not null && i.State is ItemState.InProgress or ItemState.Done)
            {
                started.Add(i.Key);
            }
        }

        var ranking = flow.Result.Ranking.ToDictionary(r => r.InitiativeId, StringComparer.OrdinalIgnoreCase);
        var cards = new List<InitiativeCard>(portfolio.Initiatives.Count);
        foreach (var initiative in portfolio.Initiatives)
        {
            var linked = flow.Inputs.Items.Where(initiative.Link.Matches).ToList();
            var done = linked.Where(i => i.Completed is not null).ToList();
            var startedCount = linked.Count(i => started.Contains(i.Key) || i.Completed is not null);
            DateOnly? deliveredOn = linked.Count > 0 && done.Count == linked.Count ? done.Max(i => i.Completed) : null;
            var state = deliveredOn is { } day
                ? initiative.Kpis.Any(k => k.Readings.Any(r => r.Date >= day)) ? InitiativeState.RealisingValue : InitiativeState.Delivered
                : startedCount > 0 ? InitiativeState.InProgress : InitiativeState.Proposed;
            ranking.TryGetValue(initiative.Id, out var value);
            cards.Add(new InitiativeCard(
                initiative.Id, initiative.Name ?? value?.Name, state, value?.Rank, value?.Wsjf, linked.Count, startedCount, done.Count,
                deliveredOn, value?.ForecastDate, value?.KpiStatus));
        }

        return [.. cards.OrderBy(c => c.Rank ?? int.MaxValue).ThenBy(c => c.InitiativeId, StringComparer.OrdinalIgnoreCase)];
    }
}
