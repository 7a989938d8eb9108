using System.Text.Json.Serialization;

namespace PmoFlow.Core.Flow;

/// <summary>Where an item stands as of the analysis instant (METRICS.md §2).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ItemState>))]
public enum ItemState
{
    /// <summary>Not started: never reached the commitment point.</summary>
    [JsonStringEnumMemberName("backlog")]
    Backlog = 0,

    /// <summary>Started, not done, not removed.</summary>
    [JsonStringEnumMemberName("in-progress")]
    InProgress = 1,

    /// <summary>In its final, unbroken stay in done stages (at or after the delivery point).</summary>
    [JsonStringEnumMemberName("done")]
    Done = 2,

    /// <summary>Entered a removed stage (or was deleted) after it started: not throughput, its elapsed time is waste.</summary>
    [JsonStringEnumMemberName("abandoned")]
    Abandoned = 3,

    /// <summary>Removed before it ever started.</summary>
    [JsonStringEnumMemberName("removed-before-start")]
    RemovedBeforeStart = 4,
}

/// <summary>Text names of item states as printed in tables and JSON.</summary>
public static class ItemStateNames
{
    /// <summary>The printed name of a state (<c>backlog</c>, <c>in-progress</c>, <c>done</c>, <c>abandoned</c>, <c>removed-before-start</c>).</summary>
    public static string Name(this ItemState state) => state switch
    {
        ItemState.Backlog => "backlog",
        ItemState.InProgress => "in-progress",
        ItemState.Done => "done",
        ItemState.Abandoned => "abandoned",
        _ => "removed-before-start",
    };
}
