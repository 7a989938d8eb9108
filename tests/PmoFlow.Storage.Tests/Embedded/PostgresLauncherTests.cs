using Npgsql;
using PmoFlow.Storage.Embedded;
using PmoFlow.Testing;

namespace PmoFlow.Storage.Tests.Embedded;

public sealed class PostgresLauncherTests
{
    [Fact]
    public async Task StartStatusStop_ThrowawayHome_KeepsServerUntilStopped()
    {
        var home = TestPostgres.NewThrowawayHome();
        try
        {
            var launcher = new PostgresLauncher(TestPostgres.ThrowawayOptions(home));
            var before = launcher.GetStatus();
            Assert.False(before.Initialized);
            Assert.False(before.Running);

            var started = await launcher.StartAsync(CancellationToken.None);
            Assert.True(started.Initialized);
            Assert.True(started.Running);
            Assert.True(started.Kept);
            Assert.Equal(launcher.Layout.RunDirectory, started.Endpoint);
            Assert.Equal(1, await QueryOneAsync(started.ConnectionString!));

            // A command joining a kept server does not stop it when it leaves.
            await using (var lease = await new PostgresLauncher(TestPostgres.ThrowawayOptions(home)).AcquireAsync(CancellationToken.None))
            {
                Assert.False(lease.StartedServer);
                Assert.Equal(1, launcher.GetStatus().LiveClients);
            }

            var after = launcher.GetStatus();
            Assert.True(after.Running);
            Assert.Equal(0, after.LiveClients);
            Assert.Equal(started.Pid, after.Pid);

            Assert.Equal(StopOutcome.Stopped, await launcher.StopAsync(force: false, CancellationToken.None));
            var stopped = launcher.GetStatus();
            Assert.False(stopped.Running);
            Assert.False(stopped.Kept);
            Assert.True(stopped.Initialized);
            Assert.Equal(StopOutcome.NotRunning, await launcher.StopAsync(force: false, CancellationToken.None));
        }
        finally
        {
            await TestPostgres.DestroyAsync(home);
        }
    }

    private static async Task<int> QueryOneAsync(string connectionString)
    {
        await using var conn = new NpgsqlConnection(connectionString + ";Pooling=false");
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT 1", conn);
        return (int)(await cmd.ExecuteScalarAsync())!;
    }
}
