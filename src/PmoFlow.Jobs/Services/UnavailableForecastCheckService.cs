using PmoFlow.Jobs.Configuration;

namespace PmoFlow.Jobs.Services;

/// <summary>The forecast check used until the forecasting engine registers its own: checks nothing and says so.</summary>
public sealed class UnavailableForecastCheckService : IForecastCheckService
{
    /// <inheritdoc />
    public Task<ForecastCheckResult> CheckAsync(StreamJobs stream, DateOnly asOf, CancellationToken ct) =>
        Task.FromResult(new ForecastCheckResult(0, 0, "no forecast store is installed; nothing to check"));
}
