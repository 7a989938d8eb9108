namespace PmoFlow.Storage.Embedded;

/// <summary>
/// The PostgreSQL server programs (<c>initdb</c>, <c>pg_ctl</c>, <c>postgres</c>) were not found, so PmoFlow
/// cannot run its own database. The message says how to install them or how to use an existing server.
/// </summary>
public sealed class PostgresNotFoundException : Exception
{
    public PostgresNotFoundException()
        : this([])
    {
    }

    public PostgresNotFoundException(string message)
        : base(message)
    {
    }

    public PostgresNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Builds the message from the places that were searched.</summary>
    public PostgresNotFoundException(IReadOnlyList<string> searched)
        : base(BuildMessage(searched))
    {
        Searched = searched;
    }

    /// <summary>The folders that were searched, in order.</summary>
    public IReadOnlyList<string> Searched { get; } = [];

    private static string BuildMessage(IReadOnlyList<string> searched) =>
        "PostgreSQL was not found. PmoFlow runs its own PostgreSQL server when no database is configured, and needs "
        + "the server programs initdb, pg_ctl and postgres for it"
        + (searched.Count == 0 ? "." : $" (looked in: {string.Join(", ", searched)}).")
        + Environment.NewLine
        + "Either install PostgreSQL (Debian/Ubuntu: `sudo apt-get install postgresql`; Fedora: `sudo dnf install "
        + "postgresql-server`; macOS: `brew install postgresql@15`) and run the command again, "
        + Environment.NewLine
        + "or point PmoFlow at an existing server: export PMOFLOW_DATABASE='Host=HOST;Port=5432;Username=USER;"
        + "Password=PASSWORD;Database=pmoflow' (or set `database:` in pmoflow.yaml).";
}
