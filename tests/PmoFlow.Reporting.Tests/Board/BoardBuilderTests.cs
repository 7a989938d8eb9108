using PmoFlow.Core.Events;
using PmoFlow.Core.Flow;
using PmoFlow.Core.Model;
using PmoFlow.Reporting.Board;

namespace PmoFlow.Reporting.Tests.Board;

/// <summary>
/// A hand-worked board, UTC, default profile (local dates, inclusive day count, nearest-rank percentiles), as of
/// 2024-03-10 12:00 (today = Mar 10; the sample window is the 90 days Dec 12 .. Mar 10).
/// Workflow: Backlog · Doing (limit 2) · Review (limit 1) · Done; no SLE configured (so SLE = P85).
/// Done: D1 Mar 1→Mar 1 (1 d), D2 Mar 1→Mar 3 (3 d), D3 Mar 1→Mar 5 (5 d), D4 Mar 1→Mar 9 (9 d).
/// Cycle times {1, 3, 5, 9}: nearest-rank P50 = the 2nd value (⌈0.5·4⌉ = 2) = 3; P85 = the 4th (⌈0.85·4⌉ = 4) = 9; SLE = 9.
/// In progress (age = Mar 10 − start + 1):
///   W1 story [alpha] parent EPIC-1: Doing Mar 9 → age 2 (≤ 3: within-p50), 2 d in stage.
///   W2 bug [beta]: Doing Mar 5, Review Mar 8 → age 6 (3 &lt; 6 ≤ 9: p50-p85), 3 d in Review.
///   W3 story parent EPIC-1: Doing Feb 20 → age 20 (Feb has 29 days: 19 + 1; > 9: beyond-p85, beyond the SLE);
///      blocked Mar 7 09:00 "Vendor" → 3 d 3 h = 3.125 → 3.1 d blocked; 20 d in stage.
///   W4 story: Doing Mar 10 08:00 → age 1, 1 d in stage.
///   W5 story: Doing Mar 2, Review Mar 4, back to Doing Mar 6 → age 9 (p50-p85, not beyond the SLE), 5 d in Doing.
///   W6 story: Doing Mar 4, then the unmapped status "Weird" Mar 8 (stays in Doing) → age 7, 7 d in stage.
/// Doing holds W1, W3, W4, W5, W6: WIP 5 against 2, over the limit; Review holds W2: 1 against 1, not over.
/// Backlog: B1 (created Mar 1). Done: D1..D4.
/// </summary>
public sealed class BoardBuilderTests
{
    private static readonly DateTimeOffset AsOf = new(2024, 3, 10, 12, 0, 0, TimeSpan.Zero);

    private static StreamDefinition Stream() => new()
    {
        Name = "board",
        Workflow = new Workflow(
        [
            new Stage("Backlog", StageCategory.Backlog, ["Open"]),
            new Stage("Doing", StageCategory.Active, ["In Progress"], WipLimit: 2),
            new Stage("Review", StageCategory.Wait, ["Review"], WipLimit: 1),
            new Stage("Done", StageCategory.Done, ["Done"]),
        ]),
        Sources = ["t"],
    };

    private static DateTimeOffset D(int month, int day, int hour = 10) => new(2024, month, day, hour, 0, 0, TimeSpan.Zero);

    internal static IReadOnlyList<ItemHistory> Histories()
    {
        var list = new List<ItemHistory>();
        void Add(string key, string type, string title, string? parent, string[] labels, params (DateTimeOffset At, string Status)[] moves)
        {
            var created = moves.Length > 0 ? moves[0].At.AddHours(-1) : D(3, 1);
            var events = new List<FlowEvent> { new("t", key, key + "-c", created, EventKind.Created, ToStatus: "Open") };
            var from = "Open";
            for (var i = 0; i < moves.Length; i++)
            {
                events.Add(new FlowEvent("t", key, $"{key}-{i}", moves[i].At, EventKind.Status, from, moves[i].Status));
                from = moves[i].Status;
            }

            list.Add(new ItemHistory(new WorkItem("t", key, type, title, created, parent, null, labels), events));
        }

        Add("D1", "story", "Done one", null, [], (D(3, 1), "In Progress"), (D(3, 1, 15), "Done"));
        Add("D2", "story", "Done two", null, [], (D(3, 1), "In Progress"), (D(3, 3), "Done"));
        Add("D3", "bug", "Done three", null, [], (D(3, 1), "In Progress"), (D(3, 5), "Done"));
        Add("D4", "bug", "Done four", null, [], (D(3, 1), "In Progress"), (D(3, 9), "Done"));
        Add("W1", "story", "<script>window.__pwned=1</script>", "EPIC-1", ["alpha"], (D(3, 9), "In Progress"));
        Add("W2", "bug", "Second", null, ["beta"], (D(3, 5), "In Progress"), (D(3, 8), "Review"));
        Add("W3", "story", "Third", "EPIC-1", [], (D(2, 20), "In Progress"));
        Add("W4", "story", "Fourth", null, [], (D(3, 10, 8), "In Progress"));
        Add("W5", "story", "Fifth", null, [], (D(3, 2), "In Progress"), (D(3, 4), "Review"), (D(3, 6), "In Progress"));
        Add("W6", "story", "Sixth", null, [], (D(3, 4), "In Progress"), (D(3, 8), "Weird"));
        Add("B1", "story", "Backlog one", null, []);
        var w3 = list.FindIndex(h => h.Item.Key == "W3");
        list[w3] = list[w3] with
        {
            Events = [.. list[w3].Events, new FlowEvent("t", "W3", "W3-b", new DateTimeOffset(2024, 3, 7, 9, 0, 0, TimeSpan.Zero), EventKind.Blocked, Value: "Vendor")],
        };
        return list;
    }

    private static KanbanBoard Build(BoardFilter? filter = null, int collapsed = 100, DateTimeOffset? asOf = null)
    {
        var stream = Stream();
        var histories = Histories();
        return BoardBuilder.Build(stream, histories, BoardBuilder.Analyze(stream, histories, asOf ?? AsOf), new BoardOptions
        {
            Filter = filter ?? new BoardFilter(),
            CollapsedCardLimit = collapsed,
            ItemUrl = (source, key) => source == "t" ? TrackerLinks.FromTemplate("https://tracker.example/browse/{key}")(key) : null,
        });
    }

    [Fact]
    public void Build_HandWorkedStream_ColumnsWipAndLimits()
    {
        var board = Build();

        Assert.Equal(["Backlog", "Doing", "Review", "Done"], board.Columns.Select(c => c.Stage));
        Assert.Equal([1, 5, 1, 4], board.Columns.Select(c => c.Wip));
        Assert.Equal([false, true, false, false], board.Columns.Select(c => c.OverLimit));
        Assert.Equal([true, false, false, true], board.Columns.Select(c => c.Collapsed));
        Assert.Equal(11, board.Items);
        Assert.Equal(11, board.Matching);
        Assert.Equal(3, board.P50);
        Assert.Equal(9, board.P85);
        Assert.Equal(9, board.SleDays);
    }

    [Fact]
    public void Build_HandWorkedStream_CardsCarryAgeBandStageDaysAndBlock()
    {
        var board = Build();
        var doing = board.Columns[1];
        var review = board.Columns[2];

        // Open columns: oldest start first.
        Assert.Equal(["W3", "W5", "W6", "W1", "W4"], doing.Cards.Select(c => c.Key));
        Assert.Equal(["W2"], review.Cards.Select(c => c.Key));
        var cards = board.Columns.SelectMany(c => c.Cards).ToDictionary(c => c.Key);
        Assert.Equal((2.0, AgeBand.WithinP50, 2.0), (cards["W1"].Age!.Value, cards["W1"].Band!.Value, cards["W1"].DaysInStage!.Value));
        Assert.Equal((6.0, AgeBand.P50ToP85, 3.0), (cards["W2"].Age!.Value, cards["W2"].Band!.Value, cards["W2"].DaysInStage!.Value));
        Assert.Equal((20.0, AgeBand.BeyondP85, 20.0), (cards["W3"].Age!.Value, cards["W3"].Band!.Value, cards["W3"].DaysInStage!.Value));
        Assert.Equal((1.0, AgeBand.WithinP50, 1.0), (cards["W4"].Age!.Value, cards["W4"].Band!.Value, cards["W4"].DaysInStage!.Value));
        Assert.Equal((9.0, AgeBand.P50ToP85, 5.0), (cards["W5"].Age!.Value, cards["W5"].Band!.Value, cards["W5"].DaysInStage!.Value));
        Assert.Equal((7.0, AgeBand.P50ToP85, 7.0), (cards["W6"].Age!.Value, cards["W6"].Band!.Value, cards["W6"].DaysInStage!.Value));
        Assert.True(cards["W3"].BeyondSle);
        Assert.False(cards["W5"].BeyondSle); // 9 is not above 9
        Assert.True(cards["W3"].Blocked);
        Assert.Equal("Vendor", cards["W3"].BlockedReason);
        Assert.Equal(3.1, cards["W3"].BlockedDays);
        Assert.Equal(1, cards.Values.Count(c => c.Blocked));
        Assert.Equal("https://tracker.example/browse/W1", cards["W1"].Url);
        Assert.Equal("<script>window.__pwned=1</script>", cards["W1"].Title); // raw here; pages escape it
        Assert.Null(cards["D1"].Band);
        Assert.Null(cards["D1"].Age);
    }

    [Fact]
    public void Build_Filters_NarrowTheCardsButNotTheWip()
    {
        var story = Build(new BoardFilter(Type: "STORY"));
        Assert.Equal(["W3", "W5", "W6", "W1", "W4"], story.Columns[1].Cards.Select(c => c.Key));
        Assert.Empty(story.Columns[2].Cards);
        Assert.Equal(5, story.Columns[1].Wip);
        Assert.Equal(1, story.Columns[2].Wip);
        Assert.Equal(8, story.Matching); // D1, D2, W1, W3, W4, W5, W6, B1

        var alpha = Build(new BoardFilter(Label: "Alpha"));
        Assert.Equal(["W1"], alpha.Columns.SelectMany(c => c.Cards).Select(c => c.Key));

        var epic = Build(new BoardFilter(Parent: "epic-1"));
        Assert.Equal(["W3", "W1"], epic.Columns.SelectMany(c => c.Cards).Select(c => c.Key));

        var both = Build(new BoardFilter(Type: "bug", Label: "beta"));
        Assert.Equal(["W2"], both.Columns.SelectMany(c => c.Cards).Select(c => c.Key));
        Assert.Equal(["EPIC-1"], both.Parents);
        Assert.Equal(["alpha", "beta"], both.Labels);
        Assert.Equal(["bug", "story"], both.Types);
    }

    [Fact]
    public void Build_CollapsedColumns_KeepTheMostRecentCardsAndTheFullCount()
    {
        var board = Build(collapsed: 2);
        var done = board.Columns[3];
        Assert.Equal(4, done.Count);
        Assert.Equal(["D4", "D3"], done.Cards.Select(c => c.Key)); // latest done first
        Assert.Equal(2, done.Hidden);
    }

    [Fact]
    public void Build_AsOfEarlier_ShowsTheBoardOfThatInstant()
    {
        // As of Mar 4 23:00: W2 has not started (B: backlog), W5 is in Review since Mar 4, D4 is still in Doing.
        var board = Build(asOf: new DateTimeOffset(2024, 3, 4, 23, 0, 0, TimeSpan.Zero));
        var doing = board.Columns[1];
        Assert.Contains("D4", doing.Cards.Select(c => c.Key));
        Assert.DoesNotContain("W2", board.Columns.SelectMany(c => c.Cards).Where(c => c.State == "in-progress").Select(c => c.Key));
        Assert.Equal(["W5"], board.Columns[2].Cards.Select(c => c.Key));
        Assert.Equal(1, board.Columns[2].Cards[0].DaysInStage); // entered Mar 4, today Mar 4, inclusive
        Assert.True(board.Columns[2].OverLimit is false);
        Assert.Null(board.Columns.SelectMany(c => c.Cards).Single(c => c.Key == "W3").BlockedReason); // block comes Mar 7
    }

    [Fact]
    public void Build_EmptyAndOneItem()
    {
        var stream = Stream();
        var empty = BoardBuilder.Build(stream, [], BoardBuilder.Analyze(stream, [], AsOf));
        Assert.Equal(4, empty.Columns.Count);
        Assert.All(empty.Columns, c => Assert.Equal(0, c.Wip));
        Assert.Null(empty.P50);

        var one = Histories().Where(h => h.Item.Key == "W1").ToList();
        var board = BoardBuilder.Build(stream, one, BoardBuilder.Analyze(stream, one, AsOf));
        var card = Assert.Single(board.Columns[1].Cards);
        Assert.Null(card.Band); // no completed item: no percentiles, no band
        Assert.Equal(2, card.Age);
    }

    [Fact]
    public void TrackerLinks_RefuseNonHttpTemplatesAndEncodeKeys()
    {
        Assert.Throws<ArgumentException>(() => TrackerLinks.FromTemplate("javascript:alert('{key}')"));
        Assert.Throws<ArgumentException>(() => TrackerLinks.FromTemplate("https://tracker.example/browse/"));
        Assert.Equal("https://t.example/i/A%20B%22%3E", TrackerLinks.FromTemplate("https://t.example/i/{key}")("A B\">"));
        Assert.Equal("https://jira.example/browse/X-1", TrackerLinks.Jira("https://jira.example/")("X-1"));
    }
}
