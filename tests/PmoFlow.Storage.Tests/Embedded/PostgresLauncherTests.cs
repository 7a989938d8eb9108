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

    [Fact]
    public async Task AcquireAsync_TwoLaunchersAtOnce_ShareOneServerStoppedByTheLastToLeave()
    {
        var home = TestPostgres.NewThrowawayHome();
        try
        {
            var first = new PostgresLauncher(TestPostgres.ThrowawayOptions(home));
            var second = new PostgresLauncher(TestPostgres.ThrowawayOptions(home));
            var leases = await Task.WhenAll(
                Task.Run(() => first.AcquireAsync(CancellationToken.None)),
                Task.Run(() => second.AcquireAsync(CancellationToken.None)));

            // Exactly one of them started the server; both talk to the same one.
            Assert.Equal(1, leases.Count(l => l.StartedServer));
            Assert.Equal(leases[0].ConnectionString, leases[1].ConnectionString);
            Assert.Equal(1, await QueryOneAsync(leases[0].ConnectionString));
            Assert.Equal(1, await QueryOneAsync(leases[1].ConnectionString));
            var status = first.GetStatus();
            Assert.True(status.Running);
            Assert.Equal(2, status.LiveClients);

            await leases[0].DisposeAsync();
            Assert.True(first.GetStatus().Running);
            Assert.Equal(1, await QueryOneAsync(leases[1].ConnectionString));

            await leases[1].DisposeAsync();
            Assert.False(first.GetStatus().Running);
        }
        finally
        {
            await TestPostgres.DestroyAsync(home);
        }
    }

    [Fact]
    public async Task AcquireAsync_DeadClientFileLeftBehind_IsPrunedAndServerStillStops()
    {
        var home = TestPostgres.NewThrowawayHome();
        try
        {
            var launcher = new PostgresLauncher(TestPostgres.ThrowawayOptions(home));
            var lease = await launcher.AcquireAsync(CancellationToken.None);
            // A client file of a process that no longer exists (pid beyond pid_max on Linux).
            await File.WriteAllTextAsync(Path.Combine(launcher.Layout.ClientsDirectory, "99999999.dead"), "0");
            Assert.Equal(1, launcher.GetStatus().LiveClients);

            await lease.DisposeAsync();
            Assert.False(launcher.GetStatus().Running);
            Assert.Empty(Directory.EnumerateFiles(launcher.Layout.ClientsDirectory));
        }
        finally
        {
            await TestPostgres.DestroyAsync(home);
        }
    }

    [Fact]
    public async Task AcquireAsync_HomePathTooLongForASocket_ListensOnLoopbackTcp()
    {
        // 120 characters of folder names push the socket path past the kernel's 107-byte limit.
        var home = Path.Combine(TestPostgres.NewThrowawayHome(), new string('d', 60), new string('e', 60));
        var top = Path.GetDirectoryName(Path.GetDirectoryName(home))!;
        try
        {
            var launcher = new PostgresLauncher(TestPostgres.ThrowawayOptions(home));
            Assert.False(launcher.Layout.CanUseUnixSocket);
            await using var lease = await launcher.AcquireAsync(CancellationToken.None);
            Assert.Equal("127.0.0.1", lease.Host);
            Assert.InRange(lease.Port, 1, 65535);
            Assert.Equal(1, await QueryOneAsync(lease.ConnectionString));
            Assert.Equal($"127.0.0.1:{lease.Port}", launcher.GetStatus().Endpoint);
        }
        finally
        {
            await TestPostgres.DestroyAsync(home);
            Directory.Delete(top, recursive: true);
        }
    }

    [Fact]
    public async Task AcquireAsync_NoBinariesAnywhere_ThrowsClearInstallMessage()
    {
        var nowhere = TestPostgres.NewThrowawayHome();
        var launcher = new PostgresLauncher(TestPostgres.ThrowawayOptions(nowhere) with
        {
            SearchPath = [Path.Combine(nowhere, "bin")],
            SearchRoots = [Path.Combine(nowhere, "lib")],
        });

        var error = await Assert.ThrowsAsync<PostgresNotFoundException>(() => launcher.AcquireAsync(CancellationToken.None));
        Assert.Contains("apt-get install postgresql", error.Message, StringComparison.Ordinal);
        Assert.Contains("PMOFLOW_DATABASE", error.Message, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(nowhere, "bin"), error.Message, StringComparison.Ordinal);
        // Nothing was created for a server that cannot run.
        Assert.False(Directory.Exists(nowhere));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task AcquireAsync_RootWithHomeBehindPrivateFolder_RunsServerInRootDataDirectory()
    {
        if (!UnixAccount.IsRoot)
        {
            // Not root: the server simply lives in the home folder, which the other tests cover.
            Assert.Null(InstanceLayout.For("/x", new EmbeddedPostgresOptions(), UnixAccount.IsRoot).ServiceUser);
            return;
        }

        var top = TestPostgres.NewThrowawayHome();
        var rootData = TestPostgres.NewThrowawayHome();
        Directory.CreateDirectory(top, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var options = TestPostgres.ThrowawayOptions(Path.Combine(top, "home")) with { RootDataDirectory = rootData };
        var launcher = new PostgresLauncher(options);
        try
        {
            Assert.StartsWith(rootData + "/", launcher.Layout.InstanceDirectory, StringComparison.Ordinal);
            await using (var lease = await launcher.AcquireAsync(CancellationToken.None))
            {
                Assert.Equal(1, await QueryOneAsync(lease.ConnectionString));
                Assert.Equal(launcher.Layout.RunDirectory, lease.Host);
            }

            Assert.False(launcher.GetStatus().Running);
        }
        finally
        {
            await launcher.StopAsync(force: true, CancellationToken.None);
            Directory.Delete(top, recursive: true);
            Directory.Delete(rootData, recursive: true);
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
