using System.Net.Sockets;
using Npgsql;
using PmoFlow.Storage.Embedded;

namespace PmoFlow.Storage.Database;

/// <summary>
/// Tells "the database is not there" (exit 4 in the CLI, 503 on the server) from an error PostgreSQL raised about the
/// data or the statement (which is not an outage and must not be reported as one).
/// </summary>
public static class DatabaseFailures
{
    /// <summary>Whether <paramref name="ex"/> (or the exception it wraps) means the database cannot be reached.</summary>
    public static bool IsUnavailable(Exception ex)
    {
        ArgumentNullException.ThrowIfNull(ex);
        return ex switch
        {
            PostgresNotFoundException or EmbeddedPostgresException or SocketException => true,

            // Connection failures (class 08), shutdown or start-up (57P01-57P03), too many connections (53300).
            PostgresException pg => pg.SqlState.StartsWith("08", StringComparison.Ordinal)
                || pg.SqlState is "57P01" or "57P02" or "57P03" or "53300",
            NpgsqlException npg => npg.InnerException is null || npg.InnerException is SocketException or TimeoutException or IOException
                || IsUnavailable(npg.InnerException),
            AggregateException { InnerExceptions.Count: 1 } agg => IsUnavailable(agg.InnerExceptions[0]),
            _ => false,
        };
    }
}
