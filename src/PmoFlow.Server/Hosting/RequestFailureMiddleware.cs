using Microsoft.AspNetCore.Http;
using PmoFlow.Storage.Database;

namespace PmoFlow.Server.Hosting;

/// <summary>
/// Turns failures that are not the server's fault into their proper answers instead of 500: the database being
/// unreachable is 503 with <c>Retry-After</c>, a body over <c>limits.requestBodyBytes</c> is 413, and a JSON body
/// that is malformed or nested deeper than <c>limits.jsonDepth</c> is 400.
/// </summary>
internal sealed class RequestFailureMiddleware(RequestDelegate next)
{
    /// <summary>The <c>Retry-After</c> seconds while the database is down.</summary>
    public const int DatabaseRetryAfterSeconds = 10;

    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (Exception ex) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested && Answer(ex) is { } answer)
        {
            context.Response.Clear();
            if (answer.Status == StatusCodes.Status503ServiceUnavailable)
            {
                context.Response.Headers.RetryAfter = DatabaseRetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            await Results.Problem(statusCode: answer.Status, title: answer.Title, detail: answer.Detail).ExecuteAsync(context);
        }
    }

    private static (int Status, string Title, string Detail)? Answer(Exception ex) => ex switch
    {
        _ when DatabaseFailures.IsUnavailable(ex) => (StatusCodes.Status503ServiceUnavailable, "Database unavailable",
            "The database cannot be reached; retry shortly. /health shows when it is back."),
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => (StatusCodes.Status413PayloadTooLarge, "Body too large",
            "The request body is larger than limits.requestBodyBytes."),
        BadHttpRequestException bad => (bad.StatusCode, "Bad request", "The request body could not be read: malformed, or JSON nested deeper than limits.jsonDepth."),
        _ => null,
    };
}
