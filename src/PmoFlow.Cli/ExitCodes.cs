namespace PmoFlow.Cli;

/// <summary>The documented exit codes of the <c>pmoflow</c> command.</summary>
public static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Ok = 0;

    /// <summary>An unexpected failure (the message says what happened).</summary>
    public const int Failure = 1;

    /// <summary>Bad usage or configuration: unknown option, invalid value, configuration error.</summary>
    public const int Usage = 2;

    /// <summary>Input data that cannot be read at all (e.g. a CSV header that does not fit); nothing was written.</summary>
    public const int BadInput = 3;

    /// <summary>The database is unavailable (PostgreSQL not installed, server unreachable).</summary>
    public const int Database = 4;

    /// <summary>A forecast that cannot be made from the data (the message gives the reason and figures).</summary>
    public const int CannotForecast = 5;

    /// <summary>Cancelled (Ctrl+C).</summary>
    public const int Cancelled = 130;
}
