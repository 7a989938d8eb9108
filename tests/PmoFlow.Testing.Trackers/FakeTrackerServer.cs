using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace PmoFlow.Testing.Trackers;

/// <summary>One request the fake server saw.</summary>
public sealed record RecordedRequest(string PathAndQuery, string? Authorization, string? PrivateToken, string? IfNoneMatch, int Status, string Method = "GET", string? Body = null);

/// <summary>
/// A loopback Kestrel server (127.0.0.1, port 0) that replays recorded tracker responses, with faults
/// injected on demand and an optional simulated latency.
/// </summary>
public sealed class FakeTrackerServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeTrackerServer(WebApplication app, Uri baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    /// <summary>The server's root, e.g. http://127.0.0.1:41234.</summary>
    public Uri BaseUrl { get; }

    /// <summary>The root without a trailing slash.</summary>
    public string Root => BaseUrl.ToString().TrimEnd('/');

    /// <summary>Faults to inject into matching requests.</summary>
    public FaultInjector Faults { get; } = new();

    /// <summary>Every request, in arrival order.</summary>
    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>Delay added before every response (simulated network and server time).</summary>
    public TimeSpan Latency { get; set; }

    /// <summary>Requests being served right now, and the most at once.</summary>
    public int MaxInFlight => _maxInFlight;

    private int _inFlight;
    private int _maxInFlight;

    /// <summary>Starts a server whose routes <paramref name="map"/> adds.</summary>
    public static async Task<FakeTrackerServer> StartAsync(Action<WebApplication> map)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0));
        var app = builder.Build();
        FakeTrackerServer? server = null;
        app.Use(async (context, next) => await server!.HandleAsync(context, next));
        map(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server = new FakeTrackerServer(app, new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal)));
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context, RequestDelegate next)
    {
        var inFlight = Interlocked.Increment(ref _inFlight);
        int seen;
        while (inFlight > (seen = Volatile.Read(ref _maxInFlight)) && Interlocked.CompareExchange(ref _maxInFlight, inFlight, seen) != seen)
        {
        }

        try
        {
            var pathAndQuery = context.Request.Path + context.Request.QueryString;
            if (Latency > TimeSpan.Zero)
            {
                await Task.Delay(Latency, context.RequestAborted);
            }

            string? body = null;
            if (context.Request.ContentLength > 0 || context.Request.Headers.TransferEncoding.Count > 0)
            {
                context.Request.EnableBuffering();
                using var reader = new StreamReader(context.Request.Body, leaveOpen: true);
                body = await reader.ReadToEndAsync(context.RequestAborted);
                context.Request.Body.Position = 0;
            }

            var fault = Faults.Take(pathAndQuery);
            await ServeAsync(context, next, fault);
            Requests.Enqueue(new RecordedRequest(
                Uri.UnescapeDataString(pathAndQuery),
                context.Request.Headers.Authorization.FirstOrDefault(),
                context.Request.Headers["PRIVATE-TOKEN"].FirstOrDefault(),
                context.Request.Headers.IfNoneMatch.FirstOrDefault(),
                context.Response.StatusCode,
                context.Request.Method,
                body));
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client gave up (an injected timeout): nothing to send.
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private static async Task ServeAsync(HttpContext context, RequestDelegate next, Fault? fault)
    {
        switch (fault?.Kind)
        {
            case FaultKind.TooManyRequests or FaultKind.Unavailable:
                context.Response.StatusCode = fault.Kind == FaultKind.TooManyRequests ? 429 : 503;
                context.Response.Headers.RetryAfter = fault.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await context.Response.WriteAsync("{\"message\":\"slow down\"}");
                return;
            case FaultKind.Status:
                context.Response.StatusCode = fault.StatusCode;
                if (fault.StatusCode == 429)
                {
                    context.Response.Headers.RetryAfter = fault.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(fault.Body ?? string.Empty);
                return;
            case FaultKind.ServerError:
                context.Response.StatusCode = 500;
                await context.Response.WriteAsync("{\"message\":\"internal error\"}");
                return;
            case FaultKind.Timeout:
                await Task.Delay(fault.Delay, context.RequestAborted);
                break;
            case FaultKind.Truncate:
                var original = context.Response.Body;
                using (var buffer = new MemoryStream())
                {
                    context.Response.Body = buffer;
                    await next(context);
                    context.Response.Body = original;
                    var bytes = buffer.ToArray();
                    var cut = bytes.Length / 2;
                    context.Response.ContentLength = cut;
                    await original.WriteAsync(bytes.AsMemory(0, cut), context.RequestAborted);
                }

                return;
        }

        await next(context);
    }
}

/// <summary>What to do to a request.</summary>
public enum FaultKind
{
    TooManyRequests,
    Unavailable,
    ServerError,
    Timeout,
    Truncate,

    /// <summary>Answer <see cref="Fault.StatusCode"/> with <see cref="Fault.Body"/> (e.g. a tracker's 401 or 410 error body).</summary>
    Status,
}

/// <summary>A fault for requests whose path and query contain <see cref="Match"/>, <see cref="Times"/> times.</summary>
public sealed record Fault(FaultKind Kind, string Match, int Times = 1, int RetryAfterSeconds = 1, TimeSpan Delay = default, int StatusCode = 500, string? Body = null);

/// <summary>Faults waiting to be injected, each into its next matching requests.</summary>
public sealed class FaultInjector
{
    private readonly object _lock = new();
    private readonly List<(Fault Fault, int Left)> _faults = [];

    public void Add(Fault fault)
    {
        lock (_lock)
        {
            _faults.Add((fault, fault.Times));
        }
    }

    public Fault? Take(string pathAndQuery)
    {
        var decoded = Uri.UnescapeDataString(pathAndQuery);
        lock (_lock)
        {
            for (var i = 0; i < _faults.Count; i++)
            {
                var (fault, left) = _faults[i];
                if (left > 0 && decoded.Contains(fault.Match, StringComparison.Ordinal))
                {
                    _faults[i] = (fault, left - 1);
                    return fault;
                }
            }
        }

        return null;
    }
}
