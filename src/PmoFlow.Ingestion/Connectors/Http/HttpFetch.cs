using System.Globalization;
using System.Net;
using System.Net.Http.Headers;

namespace PmoFlow.Ingestion.Connectors.Http;

/// <summary>One completed HTTP exchange: status, headers and the whole body as text.</summary>
/// <param name="Url">The request URL (it never holds a credential).</param>
/// <param name="Status">The final status code.</param>
/// <param name="Headers">Response headers.</param>
/// <param name="Body">The body (empty for 304).</param>
public sealed record HttpFetch(Uri Url, HttpStatusCode Status, HttpResponseHeaders Headers, string Body)
{
    /// <summary>True for 2xx.</summary>
    public bool IsSuccess => (int)Status is >= 200 and <= 299;

    /// <summary>A single header value, or null.</summary>
    public string? Header(string name) =>
        Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    /// <summary>An integer header value, or null.</summary>
    public long? LongHeader(string name) =>
        long.TryParse(Header(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null;

    /// <summary>The wait a <c>Retry-After</c> header asks for (seconds or an HTTP date), or null.</summary>
    public TimeSpan? RetryAfter(DateTimeOffset now)
    {
        var retryAfter = Headers.RetryAfter;
        if (retryAfter?.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (retryAfter?.Date is { } date)
        {
            var wait = date - now;
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }
}

/// <summary>A request that still failed after every retry, or that failed in a way retries cannot fix.</summary>
/// <remarks>The message holds the URL and status, never a credential.</remarks>
public sealed class TrackerHttpException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TrackerHttpException(string message, HttpStatusCode? status = null, Exception? inner = null, string? body = null)
        : base(message, inner)
    {
        Status = status;
        Body = body;
    }

    /// <summary>Creates the exception.</summary>
    public TrackerHttpException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public TrackerHttpException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public TrackerHttpException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The last status code, when a response came back.</summary>
    public HttpStatusCode? Status { get; }

    /// <summary>The body of the failed response, when one came back (the tracker's own error message).</summary>
    public string? Body { get; }
}
