using System.Globalization;
using System.Reflection;
using Npgsql;

namespace PmoFlow.Storage.Migrations;

/// <summary>
/// Applies the numbered SQL migrations embedded in this assembly (<c>Migrations/NNNN_name.sql</c>), each in its
/// own transaction, recording each in <c>schema_migrations</c>.
/// </summary>
/// <remarks>
/// Idempotent: applied versions are skipped. Safe when several processes migrate at once: a PostgreSQL
/// advisory lock serialises them, and the later one finds nothing left to do.
/// </remarks>
public static class SchemaMigrator
{
    /// <summary>The advisory lock key ("PmoFlow" in ASCII) held while migrating.</summary>
    public const long AdvisoryLockKey = 0x506D6F466C6F77;

    private static readonly Lazy<IReadOnlyList<Migration>> EmbeddedMigrations = new(LoadEmbedded);

    /// <summary>The migrations shipped in this assembly, in version order.</summary>
    public static IReadOnlyList<Migration> Embedded => EmbeddedMigrations.Value;

    /// <summary>Applies the embedded migrations not applied yet; returns those it applied.</summary>
    public static Task<IReadOnlyList<Migration>> MigrateAsync(NpgsqlDataSource dataSource, CancellationToken ct) =>
        MigrateAsync(dataSource, Embedded, ct);

    /// <summary>Applies <paramref name="migrations"/> not applied yet, in version order; returns those it applied.</summary>
    /// <exception cref="PostgresException">A migration failed; it is rolled back and the ones before it stay applied.</exception>
    public static async Task<IReadOnlyList<Migration>> MigrateAsync(
        NpgsqlDataSource dataSource, IReadOnlyList<Migration> migrations, CancellationToken ct)
    {
        CheckUnique(migrations);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await ExecuteAsync(conn, null, $"SELECT pg_advisory_lock({AdvisoryLockKey})", ct);
        try
        {
            await ExecuteAsync(conn, null, """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version     integer PRIMARY KEY,
                    name        text NOT NULL,
                    applied_at  timestamptz NOT NULL DEFAULT now()
                )
                """, ct);
            var applied = await ReadAppliedVersionsAsync(conn, ct);
            var done = new List<Migration>();
            foreach (var migration in migrations.Where(m => !applied.Contains(m.Version)).OrderBy(m => m.Version))
            {
                await using var tx = await conn.BeginTransactionAsync(ct);
                await ExecuteAsync(conn, tx, migration.Sql, ct);
                await using (var record = new NpgsqlCommand(
                    "INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", conn, tx))
                {
                    record.Parameters.Add(new NpgsqlParameter { Value = migration.Version });
                    record.Parameters.Add(new NpgsqlParameter { Value = migration.Name });
                    await record.ExecuteNonQueryAsync(ct);
                }

                await tx.CommitAsync(ct);
                done.Add(migration);
            }

            return done;
        }
        finally
        {
            // Also released if the connection dies; unlock explicitly because the pool keeps the session alive.
            await ExecuteAsync(conn, null, $"SELECT pg_advisory_unlock({AdvisoryLockKey})", CancellationToken.None);
        }
    }

    /// <summary>The versions recorded in <c>schema_migrations</c> (empty when the table does not exist).</summary>
    public static async Task<IReadOnlySet<int>> ReadAppliedVersionsAsync(NpgsqlDataSource dataSource, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var exists = new NpgsqlCommand("SELECT to_regclass('schema_migrations') IS NOT NULL", conn);
        return (bool)(await exists.ExecuteScalarAsync(ct))!
            ? await ReadAppliedVersionsAsync(conn, ct)
            : new HashSet<int>();
    }

    /// <summary>Parses a migration from its file name (<c>0001_initial.sql</c>) and text.</summary>
    public static Migration Parse(string fileName, string sql)
    {
        var name = Path.GetFileNameWithoutExtension(fileName);
        var digits = new string(name.TakeWhile(char.IsAsciiDigit).ToArray());
        if (digits.Length == 0 || !int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            throw new FormatException($"Migration file {fileName} must start with its number, e.g. 0002_forecasts.sql.");
        }

        return new Migration(version, name, sql);
    }

    private static async Task<HashSet<int>> ReadAppliedVersionsAsync(NpgsqlConnection conn, CancellationToken ct)
    {
        var versions = new HashSet<int>();
        await using var cmd = new NpgsqlCommand("SELECT version FROM schema_migrations", conn);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            versions.Add(reader.GetInt32(0));
        }

        return versions;
    }

    private static async Task ExecuteAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, conn, tx);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static void CheckUnique(IReadOnlyList<Migration> migrations)
    {
        var clash = migrations.GroupBy(m => m.Version).FirstOrDefault(g => g.Count() > 1);
        if (clash is not null)
        {
            throw new InvalidOperationException(
                $"Two migrations share number {clash.Key}: {string.Join(", ", clash.Select(m => m.Name))}.");
        }
    }

    private static List<Migration> LoadEmbedded()
    {
        var assembly = typeof(SchemaMigrator).Assembly;
        const string Prefix = "PmoFlow.Storage.Migrations.";
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n => Parse(n[Prefix.Length..], ReadResource(assembly, n)))
            .OrderBy(m => m.Version)
            .ToList();
    }

    private static string ReadResource(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded migration {name} is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
