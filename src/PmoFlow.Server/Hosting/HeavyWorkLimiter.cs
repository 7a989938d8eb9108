using Microsoft.AspNetCore.Http;

namespace PmoFlow.Server.Hosting;

/// <summary>
/// The one limit on heavy work of the server (forecasts, report builds, portfolio forecasts): at most
/// <c>limits.concurrentHeavyRequests</c> run at once, each on its own thread with a bounded number of forecast
/// threads, so the thread pool stays free for light requests such as <c>/health</c>. Beyond the limit a request is
/// answered at once with 429 and <c>Retry-After</c> instead of queueing. The dedicated threads run at a lower
/// scheduling priority (Linux nice 10), so a core busy with a forecast still answers light requests first.
/// </summary>
/// <remarks>Thread-safe; one instance per app (registered as a singleton).</remarks>
public sealed class HeavyWorkLimiter
{
    private int _running;

    /// <summary>Creates the limiter.</summary>
    /// <param name="maxConcurrent">Heavy requests computed at once (at least 1; see <see cref="Core.Limits.InputLimits.HeavyRequestSlots"/>).</param>
    /// <param name="retryAfterSeconds">The <c>Retry-After</c> of a refused request.</param>
    /// <param name="configuredParallelism">Forecast threads per request when set (<c>ServerOptions.ForecastParallelism</c>).</param>
    public HeavyWorkLimiter(int maxConcurrent, int retryAfterSeconds, int? configuredParallelism)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrent, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(retryAfterSeconds, 1);
        MaxConcurrent = maxConcurrent;
        RetryAfterSeconds = retryAfterSeconds;

        // All heavy requests together leave a core for everything else unless the operator chose otherwise.
        Parallelism = configuredParallelism ?? Math.Max(1, (Environment.ProcessorCount - 1) / maxConcurrent);
    }

    /// <summary>Heavy requests computed at once.</summary>
    public int MaxConcurrent { get; }

    /// <summary>The <c>Retry-After</c> seconds of a refused request.</summary>
    public int RetryAfterSeconds { get; }

    /// <summary>Forecast threads each heavy request may use.</summary>
    public int Parallelism { get; }

    /// <summary>Heavy requests running now.</summary>
    public int Running => Volatile.Read(ref _running);

    /// <summary>Takes a slot, or null when every slot is taken. Dispose the lease to give the slot back.</summary>
    public IDisposable? TryEnter()
    {
        if (Interlocked.Increment(ref _running) <= MaxConcurrent)
        {
            return new Lease(this);
        }

        Interlocked.Decrement(ref _running);
        return null;
    }

    /// <summary>Runs <paramref name="work"/> on its own thread in a slot, or answers 429 when none is free.</summary>
    public async Task<IResult> RunAsync(Func<IResult> work, CancellationToken ct, Func<IResult>? busy = null)
    {
        ArgumentNullException.ThrowIfNull(work);
        using var lease = TryEnter();
        if (lease is null)
        {
            return Busy(busy);
        }

        return await Task.Factory.StartNew(
                () =>
                {
                    BackgroundPriority.Lower();
                    return work();
                },
                ct,
                TaskCreationOptions.LongRunning | TaskCreationOptions.DenyChildAttach,
                TaskScheduler.Default)
            .ConfigureAwait(false);
    }

    /// <summary>The 429 answer with <c>Retry-After</c> (a problem description unless <paramref name="busy"/> gives another body).</summary>
    public IResult Busy(Func<IResult>? busy = null) => new RetryAfterResult(
        busy?.Invoke() ?? Results.Problem(
            statusCode: StatusCodes.Status429TooManyRequests,
            title: "Too many heavy requests",
            detail: $"{MaxConcurrent} forecasts or report builds are running (limits.concurrentHeavyRequests); retry in {RetryAfterSeconds} s."),
        RetryAfterSeconds);

    private sealed class Lease(HeavyWorkLimiter owner) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                Interlocked.Decrement(ref owner._running);
            }
        }
    }

    private sealed class RetryAfterResult(IResult inner, int seconds) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return inner.ExecuteAsync(httpContext);
        }
    }
}
