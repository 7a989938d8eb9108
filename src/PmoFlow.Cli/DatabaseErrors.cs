namespace PmoFlow.Cli;

/// <summary>Recognises "the database is not there" failures for the exit code.</summary>
internal static class DatabaseErrors
{
    public static bool IsDatabaseUnavailable(Exception ex) =>
        ex.GetType().Name is "PostgresNotFoundException" or "NpgsqlException" or "PostgresException" or "SocketException";
}
