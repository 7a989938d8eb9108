using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PmoFlow.Core.Forecasting;
using PmoFlow.Core.Value;
using PmoFlow.Streams.Reports;
using PmoFlow.Reporting.Board;
using PmoFlow.Server.Data;
using PmoFlow.Server.Hosting;

namespace PmoFlow.Server.Api;

/// <summary>The initiatives of one state on the portfolio board.</summary>
/// <param name="State">The state.</param>
/// <param name="Initiatives">Its initiatives in rank order.</param>
public sealed record InitiativeLane(InitiativeState State, IReadOnlyList<InitiativeCard> Initiatives);

/// <summary>The answer to <c>GET /api/streams/{stream}/board/initiatives</c>.</summary>
/// <param name="Stream">The stream.</param>
/// <param name="AsOf">The instant (UTC).</param>
/// <param name="Lanes">One lane per state: proposed, in progress, delivered, realising value.</param>
public sealed record InitiativeBoardResponse(string Stream, DateTimeOffset AsOf, IReadOnlyList<InitiativeLane> Lanes);

/// <summary>
/// <c>GET /api/streams/{stream}/board</c> (the kanban board) and <c>GET /api/streams/{stream}/board/initiatives</c>
/// (the portfolio board), and the request reading the board pages share.
/// </summary>
internal static class BoardApi
{
    public static void Map(IEndpointRouteBuilder app, ServerOptions options, StreamCache cache)
    {
        app.MapGet("/api/streams/{stream}/board", (string stream, HttpRequest request, CancellationToken ct) =>
            StreamsApi.WithStream(options, cache, stream, request, s =>
            {
                var q = new QueryReader(request.Query);
                var board = Read(options, s, q);
                return q.HasErrors ? q.Problem() : Results.Ok(board);
            }, ct));
        app.MapGet("/api/streams/{stream}/board/initiatives", (string stream, HttpRequest request, CancellationToken ct) =>
            StreamsApi.WithStream(options, cache, stream, request, s =>
            {
                var asOf = s.AsOf;
                try
                {
                    return Initiatives(options, s, asOf) is { } answer
                        ? Results.Ok(answer)
                        : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No portfolio",
                            detail: "No portfolio is defined: write portfolio.yaml beside pmoflow.yaml or PUT /api/portfolio.");
                }
                catch (ValueInputException ex)
                {
                    return Results.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "The portfolio holds errors",
                        detail: string.Join(" ", ex.Errors.Select(e => e.ToString())));
                }
            }, ct));
    }

    /// <summary>Reads <c>type</c>, <c>label</c>, <c>parent</c> and <c>collapsedCards</c> (the as-of is the snapshot's: the request's <c>asOf</c>), then builds the board; null when a parameter is bad (see <paramref name="q"/>).</summary>
    public static KanbanBoard? Read(ServerOptions options, StreamSnapshot snapshot, QueryReader q)
    {
        var filter = new BoardFilter(q.String("type"), q.String("label"), q.String("parent"));
        var asOf = snapshot.AsOf;
        var collapsed = q.Int("collapsedCards", 0, 10_000) ?? 100;
        if (q.HasErrors)
        {
            return null;
        }

        var links = BoardLinks.For(options.Config, snapshot.Stream);
        return BoardBuilder.Build(snapshot.Stream.Definition, snapshot.Histories, snapshot.BoardAnalysis(asOf), new BoardOptions
        {
            Filter = filter,
            CollapsedCardLimit = collapsed,
            ItemUrl = links,
        });
    }

    /// <summary>The portfolio board as of <paramref name="asOf"/>, or null without a portfolio.</summary>
    /// <exception cref="ValueInputException">The portfolio holds errors.</exception>
    public static InitiativeBoardResponse? Initiatives(ServerOptions options, StreamSnapshot snapshot, DateTimeOffset asOf)
    {
        var flowOptions = new PortfolioFlowOptions
        {
            Forecast = new InitiativeForecastOptions { Forecast = new ForecastOptions { MaxDegreeOfParallelism = options.ForecastParallelism } },
        };
        if (snapshot.PortfolioFlowAt(asOf, flowOptions) is not { } flow)
        {
            return null;
        }

        var cards = InitiativeBoard.Build(snapshot.Portfolio!.Portfolio!, flow, snapshot.BoardAnalysis(asOf));
        return new InitiativeBoardResponse(
            snapshot.Stream.Definition.Name,
            asOf,
            [.. InitiativeStateNames.All.Select(state => new InitiativeLane(state, [.. cards.Where(c => c.State == state)]))]);
    }


}
