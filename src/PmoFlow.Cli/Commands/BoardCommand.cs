using System.CommandLine;
using PmoFlow.Cli.Output;
using PmoFlow.Core.Flow;
using PmoFlow.Core.Value;
using PmoFlow.Streams.Configuration;
using PmoFlow.Streams.Loading;
using PmoFlow.Streams.Reports;
using PmoFlow.Reporting.Board;

namespace PmoFlow.Cli.Commands;

/// <summary><c>pmoflow board</c>: the stream's kanban board (or, with <c>--initiatives</c>, the portfolio board) in the terminal.</summary>
internal static class BoardCommand
{
    /// <summary>Columns of the <c>columns</c> table.</summary>
    public static IReadOnlyList<string> ColumnColumns { get; } = ["stage", "category", "wip", "wip_limit", "over_limit", "count"];

    /// <summary>Columns of the <c>cards</c> table.</summary>
    public static IReadOnlyList<string> CardColumns { get; } =
        ["stage", "key", "type", "title", "age", "band", "days_in_stage", "blocked", "blocked_reason", "blocked_days", "url"];

    /// <summary>Columns of the <c>initiatives</c> table.</summary>
    public static IReadOnlyList<string> InitiativeColumns { get; } =
        ["state", "rank", "initiative", "name", "wsjf", "linked_items", "started_items", "done_items", "delivered_on", "forecast_date", "kpi_status"];

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var config = CliOptions.Config();
        var stream = CliOptions.Stream();
        var format = CliOptions.Format();
        var asOf = new Option<string?>("--as-of") { Description = "Draw the board as of this date (end of that local day) or ISO instant; default now." };
        var type = new Option<string?>("--type") { Description = "Only items of this type (case-insensitive)." };
        var label = new Option<string?>("--label") { Description = "Only items carrying this label (case-insensitive)." };
        var parent = new Option<string?>("--parent") { Description = "Only children of this parent / epic key (case-insensitive)." };
        var all = new Option<bool>("--all") { Description = "List the cards of the backlog, done and removed columns too (default: counts only)." };
        var initiatives = new Option<bool>("--initiatives") { Description = "The portfolio board instead: initiatives by state (proposed, in progress, delivered, realising value)." };
        var events = new Option<string?>("--events") { Description = "Read this events CSV directly, without the database." };
        var items = new Option<string?>("--items") { Description = "Items CSV to go with --events." };
        var command = new Command("board", "The kanban board as of an instant: each stage's WIP against its limit and the cards in progress with age band, blocked flag and days in stage.")
        {
            config, stream, format, asOf, type, label, parent, all, initiatives, events, items,
        };
        command.SetAction(async (parse, ct) =>
        {
            var cfg = CommandSupport.LoadConfig(parse.GetValue(config));
            var s = cfg.Stream(parse.GetValue(stream));
            var instant = PortfolioSupport.ParseAsOf(parse.GetValue(asOf), s.Definition.TimeZone, CommandSupport.Clock);
            var printer = new Printer(stdout, parse.GetValue(format), Consoles.For(stdout));
            if (parse.GetValue(events) is { } eventsPath)
            {
                if (parse.GetValue(initiatives))
                {
                    throw new UsageException("--initiatives reads the portfolio from the database; leave out --events.");
                }

                var load = StreamLoader.LoadFromFiles(cfg, s, Path.GetFullPath(eventsPath), parse.GetValue(items) is { } i ? Path.GetFullPath(i) : null);
                foreach (var r in load.Rejected.Take(20))
                {
                    await stderr.WriteLineAsync($"pmoflow: skipped {r.Location}: {r.Reason}");
                }

                var histories = load.Histories;
                Print(printer, Board(cfg, s, histories, instant, parse.GetValue(type), parse.GetValue(label), parse.GetValue(parent)), parse.GetValue(all));
                return ExitCodes.Ok;
            }

            await using var db = await CommandSupport.OpenDatabaseAsync(cfg, ct);
            var loaded = await StreamLoader.LoadHistoriesAsync(db.DataSource, cfg, s, ct);
            if (!parse.GetValue(initiatives))
            {
                Print(printer, Board(cfg, s, loaded, instant, parse.GetValue(type), parse.GetValue(label), parse.GetValue(parent)), parse.GetValue(all));
                return ExitCodes.Ok;
            }

            var portfolio = await ReportPortfolios.LoadAsync(cfg, db.DataSource, ct);
            if (portfolio is null)
            {
                throw new UsageException("No portfolio: write portfolio.yaml beside pmoflow.yaml or load one with `pmoflow portfolio`.");
            }

            if (portfolio.Portfolio is not { } definition)
            {
                throw new UsageException("The portfolio cannot be used: " + string.Join(" ", portfolio.Errors));
            }

            var analysis = BoardBuilder.Analyze(s.Definition, loaded, instant);
            var flow = PortfolioFlow.Evaluate(definition, portfolio.Options, s.Definition, analysis, loaded.Select(h => h.Item), null, ct);
            printer.Print(InitiativesTable(InitiativeBoard.Build(definition, flow, analysis)));
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The board of a stream's histories as of an instant, with the stream's tracker links.</summary>
    public static KanbanBoard Board(PmoFlowConfig config, StreamConfig stream, IReadOnlyList<ItemHistory> histories, DateTimeOffset asOf, string? type, string? label, string? parent) =>
        BoardBuilder.Build(stream.Definition, histories, BoardBuilder.Analyze(stream.Definition, histories, asOf), new BoardOptions
        {
            Filter = new BoardFilter(type, label, parent),
            ItemUrl = BoardLinks.For(config, stream),
        });

    private static void Print(Printer printer, KanbanBoard board, bool all)
    {
        var columns = new TableData("columns", ColumnColumns, [.. board.Columns.Select(c => (IReadOnlyList<object?>)
            [c.Stage, c.Category, c.Wip, c.WipLimit, c.OverLimit, c.Count])]);
        var cards = new TableData("cards", CardColumns, [.. board.Columns.Where(c => all || !c.Collapsed).SelectMany(c => c.Cards.Select(card => (IReadOnlyList<object?>)
            [c.Stage, card.Key, card.Type, card.Title, card.Age, card.Band?.Name(), card.DaysInStage, card.Blocked, card.BlockedReason, card.BlockedDays, card.Url]))]);
        printer.Print(columns, cards);
    }

    private static TableData InitiativesTable(IReadOnlyList<InitiativeCard> cards) => new(
        "initiatives",
        InitiativeColumns,
        [.. InitiativeStateNames.All.SelectMany(state => cards.Where(c => c.State == state)).Select(c => (IReadOnlyList<object?>)
            [c.State.Name(), c.Rank, c.InitiativeId, c.Name, c.Wsjf is { } w ? Math.Round(w, 2) : null, c.LinkedItems, c.StartedItems, c.DoneItems,
                c.DeliveredOn, c.ForecastDate, c.KpiStatus])]);
}
