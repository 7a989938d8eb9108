using Npgsql;

namespace PmoFlow.Storage;

/// <summary>Where PmoFlow's connection string came from.</summary>
public enum DatabaseOrigin
{
    /// <summary>The <c>PMOFLOW_DATABASE</c> environment variable.</summary>
    Environment,

    /// <summary>The configuration file (<c>database:</c> in pmoflow.yaml).</summary>
    ConfigFile,

    /// <summary>PmoFlow's own embedded server.</summary>
    Embedded,
}

/// <summary>A chosen connection: a connection string (null for the embedded server) and its origin.</summary>
/// <param name="Origin">Where it came from.</param>
/// <param name="ConnectionString">The Npgsql connection string; null when <see cref="Origin"/> is embedded.</param>
public sealed record ResolvedConnection(DatabaseOrigin Origin, string? ConnectionString)
{
    /// <summary>The connection string with any password removed, safe to print or log.</summary>
    public string? SafeDescription => ConnectionString is null ? null : ConnectionResolver.Redact(ConnectionString);
}

/// <summary>Chooses the database: <c>PMOFLOW_DATABASE</c>, else the config file's value, else the embedded server.</summary>
public static class ConnectionResolver
{
    /// <summary>The environment variable holding a connection string (keyword form or postgresql:// URL).</summary>
    public const string EnvironmentVariable = "PMOFLOW_DATABASE";

    /// <summary>Applies the precedence: environment, then config file, then embedded. Blank values count as unset.</summary>
    /// <exception cref="ArgumentException">The chosen value is not a valid connection string (the message holds no password).</exception>
    public static ResolvedConnection Resolve(string? environmentValue, string? configValue)
    {
        if (!string.IsNullOrWhiteSpace(environmentValue))
        {
            return new ResolvedConnection(DatabaseOrigin.Environment, Normalise(environmentValue, EnvironmentVariable));
        }

        if (!string.IsNullOrWhiteSpace(configValue))
        {
            return new ResolvedConnection(DatabaseOrigin.ConfigFile, Normalise(configValue, "the configuration file's database"));
        }

        return new ResolvedConnection(DatabaseOrigin.Embedded, null);
    }

    /// <summary>The connection string without its password (and without anything unparseable).</summary>
    public static string Redact(string connectionString)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            builder.Remove("Password");
            return builder.ConnectionString;
        }
        catch (ArgumentException)
        {
            return "(unparseable connection string)";
        }
    }

    /// <summary>
    /// Accepts Npgsql's keyword form (<c>Host=...;Username=...</c>) or a URL
    /// (<c>postgresql://user:password@host:port/database</c>) and returns the keyword form.
    /// </summary>
    public static string Normalise(string value, string origin)
    {
        value = value.Trim();
        if (value.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
            || value.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            return FromUrl(value, origin);
        }

        try
        {
            var builder = new NpgsqlConnectionStringBuilder(value);
            Core.Security.Redactor.Register(builder.Password);
            return builder.ConnectionString;
        }
        catch (ArgumentException)
        {
            // Npgsql's message may quote the value, password included: say only where it came from.
            throw new ArgumentException(
                $"The connection string in {origin} is not valid. Expected e.g. "
                + "'Host=localhost;Port=5432;Username=pmoflow;Password=...;Database=pmoflow' or postgresql://user:password@host:5432/pmoflow.");
        }
    }

    private static string FromUrl(string value, string origin)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw new ArgumentException($"The postgresql:// URL in {origin} is not valid.");
        }

        var builder = new NpgsqlConnectionStringBuilder { Host = uri.Host };
        if (uri.Port > 0)
        {
            builder.Port = uri.Port;
        }

        if (uri.UserInfo.Length > 0)
        {
            var parts = uri.UserInfo.Split(':', 2);
            builder.Username = Uri.UnescapeDataString(parts[0]);
            if (parts.Length == 2)
            {
                builder.Password = Uri.UnescapeDataString(parts[1]);
            }
        }

        Core.Security.Redactor.Register(builder.Password);
        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length > 0)
        {
            builder.Database = database;
        }

        return builder.ConnectionString;
    }
}
