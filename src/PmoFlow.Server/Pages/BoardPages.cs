using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PmoFlow.Core.Value;
using PmoFlow.Reporting.Board;
using PmoFlow.Server.Api;
using PmoFlow.Server.Data;
using PmoFlow.Server.Hosting;

namespace PmoFlow.Server.Pages;

/// <summary>The kanban board (<c>/streams/{stream}/board</c>) and the portfolio board (<c>/streams/{stream}/board/initiatives</c>).</summary>
/// <remarks>
/// Rendered on the server with every tracker string HTML-escaped; collapsed columns use <c>&lt;details&gt;</c>, so the
/// page needs no script. Card links are http(s) only (<see cref="TrackerLinks"/>).
/// </remarks>
internal static class BoardPages
{
    public static void Map(IEndpointRouteBuilder app, ServerOptions options, StreamCache cache)
    {
        app.MapGet("/streams/{stream}/board", (string stream, HttpRequest request, CancellationToken ct) =>
            DashboardPages.WithStream(options, cache, stream, request, s => Board(options, s, request), ct));
        app.MapGet("/streams/{stream}/board/initiatives", (string stream, HttpRequest request, CancellationToken ct) =>
            DashboardPages.WithStream(options, cache, stream, request, s => Initiatives(options, s, request), ct));
    }


    private static IResult Board(ServerOptions options, StreamSnapshot snapshot, HttpRequest request)
    {
        var name = snapshot.Stream.Definition.Name;
        var q = new QueryReader(request.Query);
        var board = BoardApi.Read(options, snapshot, q);
        if (board is null)
        {
            var e = new HtmlBuilder().Raw("<h1>Bad filter</h1><p id=\"board-error\">")
                .Text("The board's filters or as-of instant are not valid; check them and try again.").Raw("</p>")
                .Raw("<p><a href=\"/streams/").Segment(name).Raw("/board\">The board as of now</a></p>");
            return DashboardPages.Page("Board", name, "board", e.ToString(), StatusCodes.Status400BadRequest);
        }

        var h = new HtmlBuilder();
        Render(board, request.Query["asOf"].ToString(), h);
        h.Raw("<p class=\"muted\"><a href=\"/streams/").Segment(name).Raw("/board/initiatives\">The portfolio board of initiatives</a> · ")
            .Raw("<a href=\"/api/streams/").Segment(name).Raw("/board\">this board as JSON</a></p>");
        return DashboardPages.Page("Board", name, "board", h.ToString());
    }

    /// <summary>The board's markup: filters, summary, columns with cards.</summary>
    public static void Render(KanbanBoard board, string? asOfText, HtmlBuilder h)
    {
        h.Raw("<h1>Board <span class=\"muted\">").Text(board.Stream).Raw("</span></h1>\n");
        h.Raw("<form class=\"filters\" method=\"get\" id=\"board-filters\">");
        Select(h, "type", "Type", board.Types, board.Filter.Type);
        Select(h, "label", "Label", board.Labels, board.Filter.Label);
        Select(h, "parent", "Parent", board.Parents, board.Filter.Parent);
        h.Raw("<label>As of<input type=\"text\" name=\"asOf\" placeholder=\"yyyy-mm-dd or ISO instant\" value=\"").Text(asOfText).Raw("\"></label>")
            .Raw("<button type=\"submit\">Show</button></form>\n");
        h.Raw("<p class=\"muted\" id=\"board-summary\">").Raw(board.Matching.ToString(CultureInfo.InvariantCulture)).Raw(" of ")
            .Raw(board.Items.ToString(CultureInfo.InvariantCulture)).Raw(" items · as of ")
            .Text(board.AsOf.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture))
            .Raw(" · age bands at the cycle time's P50 ").Number(board.P50).Raw(" and P85 ").Number(board.P85)
            .Raw(" days (items done in the last 90 days) · SLE ").Number(board.SleDays).Raw(" days</p>\n");
        h.Raw("<div class=\"board\" id=\"board\">\n");
        foreach (var c in board.Columns)
        {
            h.Raw("<section class=\"column").Raw(c.Collapsed ? " collapsed" : string.Empty).Raw(c.OverLimit ? " over-limit" : string.Empty)
                .Raw("\" data-stage=\"").Text(c.Stage).Raw("\" data-category=\"").Text(c.Category).Raw("\" data-wip=\"")
                .Raw(c.Wip.ToString(CultureInfo.InvariantCulture)).Raw("\" data-count=\"").Raw(c.Count.ToString(CultureInfo.InvariantCulture)).Raw("\"")
                .Raw(c.WipLimit is { } l ? $" data-limit=\"{l.ToString(CultureInfo.InvariantCulture)}\"" : string.Empty).Raw(">\n<header><h2>").Text(c.Stage)
                .Raw("</h2><span class=\"wip\" title=\"items in the stage against its WIP limit\">").Raw(c.Wip.ToString(CultureInfo.InvariantCulture))
                .Raw(c.WipLimit is { } limit ? " / " + limit.ToString(CultureInfo.InvariantCulture) : string.Empty)
                .Raw(c.OverLimit ? " <strong class=\"over\">over limit</strong>" : string.Empty).Raw("</span></header>\n");
            if (c.Collapsed)
            {
                h.Raw("<details><summary>").Raw(c.Count.ToString(CultureInfo.InvariantCulture)).Raw(c.Count == 1 ? " item" : " items").Raw("</summary>\n");
            }

            h.Raw("<ol class=\"cards\">\n");
            foreach (var card in c.Cards)
            {
                Card(h, card);
            }

            h.Raw("</ol>\n");
            if (c.Hidden > 0)
            {
                h.Raw("<p class=\"muted hidden-cards\">and ").Raw(c.Hidden.ToString(CultureInfo.InvariantCulture)).Raw(" more (the most recent are shown)</p>\n");
            }

            if (c.Collapsed)
            {
                h.Raw("</details>\n");
            }

            h.Raw("</section>\n");
        }

        h.Raw("</div>\n");
    }

    private static void Card(HtmlBuilder h, BoardCard card)
    {
        h.Raw("<li class=\"card").Raw(card.Band is { } b ? " band-" + b.Name() : string.Empty).Raw(card.Blocked ? " blocked" : string.Empty)
            .Raw(card.BeyondSle ? " beyond-sle" : string.Empty).Raw("\" data-key=\"").Text(card.Key).Raw("\"")
            .Raw(card.Band is { } band ? " data-band=\"" + band.Name() + "\"" : string.Empty).Raw(">");
        h.Raw("<div class=\"card-head\">");
        if (card.Url is { } url)
        {
            h.Raw("<a class=\"key\" href=\"").Text(url).Raw("\" rel=\"noopener noreferrer\" target=\"_blank\">").Text(card.Key).Raw("</a>");
        }
        else
        {
            h.Raw("<span class=\"key\">").Text(card.Key).Raw("</span>");
        }

        if (card.Type is not null)
        {
            h.Raw("<span class=\"type\">").Text(card.Type).Raw("</span>");
        }

        h.Raw("</div><p class=\"title\">").Text(card.Title).Raw("</p><p class=\"facts\">");
        if (card.Age is { } age)
        {
            h.Raw("<span class=\"age\">age ").Number(age).Raw(" d</span>");
        }

        if (card.DaysInStage is { } d)
        {
            h.Raw("<span class=\"in-stage\">").Number(d).Raw(" d in stage</span>");
        }

        h.Raw("</p>");
        if (card.Blocked)
        {
            h.Raw("<p class=\"blocked-reason\">Blocked ").Number(card.BlockedDays).Raw(" d").Raw(card.BlockedReason is null ? string.Empty : ": ")
                .Text(card.BlockedReason).Raw("</p>");
        }

        h.Raw("</li>\n");
    }

    private static void Select(HtmlBuilder h, string name, string label, IReadOnlyList<string> choices, string? selected)
    {
        h.Raw("<label>").Text(label).Raw("<select name=\"").Raw(name).Raw("\"><option value=\"\">any</option>");
        foreach (var c in choices)
        {
            h.Raw("<option value=\"").Text(c).Raw("\"").Raw(string.Equals(c, selected?.Trim(), StringComparison.OrdinalIgnoreCase) ? " selected" : string.Empty)
                .Raw(">").Text(c).Raw("</option>");
        }

        h.Raw("</select></label>");
    }

    private static IResult Initiatives(ServerOptions options, StreamSnapshot snapshot, HttpRequest request)
    {
        var name = snapshot.Stream.Definition.Name;
        var asOf = snapshot.AsOf;
        var h = new HtmlBuilder();
        h.Raw("<h1>Initiatives <span class=\"muted\">").Text(name).Raw("</span></h1>\n");

        InitiativeBoardResponse? answer;
        try
        {
            answer = BoardApi.Initiatives(options, snapshot, asOf);
        }
        catch (ValueInputException ex)
        {
            h.Raw("<p class=\"note\" id=\"portfolio-errors\">The portfolio holds errors: ").Text(string.Join(" ", ex.Errors.Select(e => e.ToString()))).Raw("</p>");
            return DashboardPages.Page("Initiatives", name, "board", h.ToString());
        }

        if (answer is null)
        {
            h.Raw("<p class=\"note\" id=\"no-portfolio\">No portfolio: write <code>portfolio.yaml</code> beside <code>pmoflow.yaml</code> ")
                .Raw("(see samples/portfolio.yaml) or load one with <code>pmoflow portfolio</code>.</p>");
            return DashboardPages.Page("Initiatives", name, "board", h.ToString());
        }

        h.Raw("<p class=\"muted\">As of ").Text(asOf.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture))
            .Raw("; in WSJF rank order within each state.</p>\n<div class=\"board\" id=\"initiative-board\">\n");
        foreach (var lane in answer.Lanes)
        {
            h.Raw("<section class=\"column\" data-state=\"").Raw(lane.State.Name()).Raw("\" data-count=\"")
                .Raw(lane.Initiatives.Count.ToString(CultureInfo.InvariantCulture)).Raw("\"><header><h2>").Text(Title(lane.State))
                .Raw("</h2><span class=\"wip\">").Raw(lane.Initiatives.Count.ToString(CultureInfo.InvariantCulture)).Raw("</span></header>\n<ol class=\"cards\">\n");
            foreach (var c in lane.Initiatives)
            {
                h.Raw("<li class=\"card\" data-initiative=\"").Text(c.InitiativeId).Raw("\"><div class=\"card-head\"><span class=\"key\">")
                    .Text(c.Rank is { } r ? "#" + r.ToString(CultureInfo.InvariantCulture) : "unranked").Raw("</span><span class=\"type\">").Text(c.InitiativeId)
                    .Raw("</span></div><p class=\"title\">").Text(c.Name ?? c.InitiativeId).Raw("</p><p class=\"facts\"><span class=\"items\">")
                    .Raw(c.DoneItems.ToString(CultureInfo.InvariantCulture)).Raw(" of ").Raw(c.LinkedItems.ToString(CultureInfo.InvariantCulture))
                    .Raw(" items done</span>").Raw(c.Wsjf is { } w ? $"<span class=\"wsjf\">WSJF {w.ToString("0.##", CultureInfo.InvariantCulture)}</span>" : string.Empty)
                    .Raw(c.ForecastDate is { } f && c.State is InitiativeState.Proposed or InitiativeState.InProgress
                        ? $"<span class=\"forecast\">P85 {f.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}</span>" : string.Empty)
                    .Raw(c.DeliveredOn is { } d ? $"<span class=\"delivered\">done {d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}</span>" : string.Empty)
                    .Raw(c.KpiStatus is { } k ? "<span class=\"kpi\">KPIs " + k.ToString() + "</span>" : string.Empty)
                    .Raw("</p></li>\n");
            }

            h.Raw("</ol></section>\n");
        }

        h.Raw("</div>\n");
        return DashboardPages.Page("Initiatives", name, "board", h.ToString());
    }

    private static string Title(InitiativeState state) => state switch
    {
        InitiativeState.Proposed => "Proposed",
        InitiativeState.InProgress => "In progress",
        InitiativeState.Delivered => "Delivered",
        _ => "Realising value",
    };
}

/// <summary>The board page's markup without the layout (for benchmarks and embedding hosts).</summary>
public static class BoardMarkup
{
    /// <summary>The board's filters, summary and columns as HTML, every tracker string escaped.</summary>
    public static string Render(KanbanBoard board, string? asOfText = null)
    {
        ArgumentNullException.ThrowIfNull(board);
        var h = new HtmlBuilder();
        BoardPages.Render(board, asOfText, h);
        return h.ToString();
    }
}
