using PmoFlow.Core.Flow;
using PmoFlow.Streams.Loading;
using PmoFlow.Streams.Configuration;
using PmoFlow.Jobs.Configuration;

namespace PmoFlow.Jobs.Tests.Support;

/// <summary>
/// A small hand-worked stream in Europe/London (UTC+0 until 29 March 2026): stages Todo (backlog), Doing (active),
/// Review (wait), Done (done), Dropped (removed); one CSV source "files". The figures each test expects are worked
/// out beside it from the rows below.
/// </summary>
internal static class FlowExample
{
    // Item  start (Doing)       done                CT (inclusive days)   notes
    // I     03-01 09:00         03-03 09:00         3                     outside the 7-day window of 03-10
    // A     03-02 09:00         03-05 10:00         5-2+1 = 4             all active: 3d1h active / 3d1h flow
    // B     03-04 09:00         03-08 09:00         8-4+1 = 5             Doing 2d, Review 2d: 2 active / 4 flow
    // C     03-09 09:00         03-10 12:00         10-9+1 = 2            all active: 1d3h / 1d3h
    // D     02-20 09:00         -                                         in progress; age on 03-10 = 18 + 1 = 19
    // E     03-10 08:00         -                                         blocked 03-10 09:00, never unblocked
    // F     03-09 09:00         -                                         blocked 03-09 10:00, unblocked 15:00
    // H     03-11 00:30         -                                         starts after 03-10 (backlog on 03-10)
    public const string Events = """
        item_key,timestamp,from_status,to_status,event,event_key
        I,2026-03-01T08:00:00Z,,Todo,created,c
        I,2026-03-01T09:00:00Z,Todo,Doing,status,1
        I,2026-03-03T09:00:00Z,Doing,Done,status,2
        A,2026-03-01T09:00:00Z,,Todo,created,c
        A,2026-03-02T09:00:00Z,Todo,Doing,status,1
        A,2026-03-05T10:00:00Z,Doing,Done,status,2
        B,2026-03-03T09:00:00Z,,Todo,created,c
        B,2026-03-04T09:00:00Z,Todo,Doing,status,1
        B,2026-03-06T09:00:00Z,Doing,Review,status,2
        B,2026-03-08T09:00:00Z,Review,Done,status,3
        C,2026-03-08T09:00:00Z,,Todo,created,c
        C,2026-03-09T09:00:00Z,Todo,Doing,status,1
        C,2026-03-10T12:00:00Z,Doing,Done,status,2
        D,2026-02-19T09:00:00Z,,Todo,created,c
        D,2026-02-20T09:00:00Z,Todo,Doing,status,1
        E,2026-03-09T09:00:00Z,,Todo,created,c
        E,2026-03-10T08:00:00Z,Todo,Doing,status,1
        E,2026-03-10T09:00:00Z,,,blocked,b1
        F,2026-03-08T09:00:00Z,,Todo,created,c
        F,2026-03-09T09:00:00Z,Todo,Doing,status,1
        F,2026-03-09T10:00:00Z,,,blocked,b1
        F,2026-03-09T15:00:00Z,,,unblocked,b2
        H,2026-03-01T09:00:00Z,,Todo,created,c
        H,2026-03-11T00:30:00Z,Todo,Doing,status,1

        """;

    /// <summary>The pmoflow.yaml text (optionally with an SLE and extra stream keys), its CSV source reading events.csv.</summary>
    public static string Yaml(string? database = null, double? sleDays = null, string streamExtra = "", string sources = "") => $"""
        {(database is null ? string.Empty : $"database: '{database}'")}
        streams:
          - name: delivery
            timeZone: Europe/London
            sources: [files]
        {(sleDays is null ? string.Empty : $"    sle: {sleDays.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)}")}
            stages:
              - {"{"} name: Todo, category: backlog {"}"}
              - {"{"} name: Doing, category: active {"}"}
              - {"{"} name: Review, category: wait {"}"}
              - {"{"} name: Done, category: done {"}"}
              - {"{"} name: Dropped, category: removed {"}"}
        {streamExtra}
        sources:
          - {"{"} name: files, kind: csv, events: events.csv, timeZone: UTC {"}"}
        {sources}
        """;

    /// <summary>Writes events.csv (<paramref name="events"/>, default <see cref="Events"/>) and pmoflow.yaml into a new folder; returns the config.</summary>
    public static PmoFlowConfig Write(string? database = null, double? sleDays = null, string? events = null, string streamExtra = "", string? folder = null)
    {
        folder ??= TestConfigs.NewFolder();
        File.WriteAllText(Path.Combine(folder, "events.csv"), events ?? Events);
        return ConfigLoader.Load(TestConfigs.Write(folder, Yaml(database, sleDays, streamExtra)));
    }

    public static StreamJobs Stream(PmoFlowConfig config) => JobsConfigReader.Read(config).Streams.Single();

    /// <summary>The stream's histories read from its CSV files (no database), one per item in the loader's order (key, then source).</summary>
    public static IReadOnlyList<ItemHistory> Histories(PmoFlowConfig config)
    {
        var stream = config.Streams.Single();
        var load = StreamLoader.LoadFromFiles(config, stream, config.Source("files").Csv!.EventsPath, null);
        Assert.Empty(load.Rejected);
        return load.Histories;
    }
}
