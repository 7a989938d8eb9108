using PmoFlow.Storage.Migrations;
using Quartz;

namespace PmoFlow.Jobs.Tests.Scheduling;

/// <summary>Migration 0003 must stay the schema the referenced Quartz creates for itself.</summary>
public sealed class QuartzSchemaMigrationTests
{
    [Fact]
    public void Migration0003_IsQuartzsOwnPostgresScriptWithPrefixQrtz()
    {
        using var stream = typeof(IScheduler).Assembly.GetManifestResourceStream("Quartz.Impl.AdoJobStore.Schema.create_postgres.sql");
        Assert.NotNull(stream);
        using var reader = new StreamReader(stream);
        var quartz = reader.ReadToEnd().Replace("{0}", "qrtz_", StringComparison.Ordinal).Replace("{1}", "qrtz_", StringComparison.Ordinal);

        var migration = SchemaMigrator.Embedded.Single(m => m.Version == 3);

        Assert.Equal("0003_scheduler", migration.Name);
        Assert.EndsWith(quartz.TrimEnd(), migration.Sql.TrimEnd(), StringComparison.Ordinal);
        // Only comment lines precede Quartz's script.
        var head = migration.Sql[..migration.Sql.LastIndexOf(quartz.TrimEnd(), StringComparison.Ordinal)];
        Assert.All(head.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => Assert.StartsWith("--", l, StringComparison.Ordinal));
    }
}
