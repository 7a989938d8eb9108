using Npgsql;
using PmoFlow.Jobs.Services;

namespace PmoFlow.Jobs.Publishing;

/// <summary>Delivers a rendered report to one destination.</summary>
public interface IReportPublisher
{
    /// <summary>The publisher's name in the delivery ledger.</summary>
    string Name { get; }

    /// <summary>Delivers the report; returns a short receipt for the ledger. Throws when it could not deliver.</summary>
    /// <remarks>
    /// Runs inside the delivery's transaction (<see cref="DeliveryContext.Transaction"/>), which also records the
    /// outcome: a publisher that writes to the database writes through it and is therefore exactly once.
    /// </remarks>
    Task<string> PublishAsync(RenderedReport report, DeliveryContext context, CancellationToken ct);
}

/// <summary>The delivery in progress.</summary>
/// <param name="Connection">The connection holding the ledger row's lock.</param>
/// <param name="Transaction">The transaction the outcome is recorded in.</param>
/// <param name="DedupeKey">Stable for (stream, period, publisher): the same on every retry.</param>
/// <param name="Attempt">1 for the first delivery run of this (stream, period, publisher), 2 for the next, …</param>
public sealed record DeliveryContext(NpgsqlConnection Connection, NpgsqlTransaction Transaction, string DedupeKey, int Attempt);

/// <summary>A delivery that failed, with a reason safe to store and log (no secrets).</summary>
public sealed class DeliveryFailedException : Exception
{
    public DeliveryFailedException()
    {
    }

    public DeliveryFailedException(string message)
        : base(message)
    {
    }

    public DeliveryFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
