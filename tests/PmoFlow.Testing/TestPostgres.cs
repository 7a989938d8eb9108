using PmoFlow.Storage.Embedded;

namespace PmoFlow.Testing;

/// <summary>
/// One throwaway PostgreSQL server per test process, started on first use with the same launcher PmoFlow uses
/// (in /tmp/pft-PID-RANDOM, no fsync) and stopped and deleted at process exit.
/// </summary>
/// <remarks>
/// When PostgreSQL is not installed every test using it fails with <see cref="PostgresNotFoundException"/>'s
/// message (how to install it); tests never skip. Servers left by killed test processes are removed on start.
/// </remarks>
public static class TestPostgres
{
    private const string Prefix = "pft-";
    private static readonly Lazy<Task<EmbeddedServerLease>> Server = new(StartAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The shared server (started on first call).</summary>
    public static Task<EmbeddedServerLease> GetServerAsync() => Server.Value;

    /// <summary>A fresh, short, unique folder under /tmp for a launcher test of its own.</summary>
    public static string NewThrowawayHome() =>
        Path.Combine(TempRoot, $"{Prefix}{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}");

    /// <summary>Launcher options for a throwaway server in <paramref name="home"/>.</summary>
    public static EmbeddedPostgresOptions ThrowawayOptions(string home) => new()
    {
        HomeDirectory = home,
        Throwaway = true,
        StartTimeout = TimeSpan.FromSeconds(120),
    };

    /// <summary>Stops a throwaway server (if running) and deletes its folder.</summary>
    public static async Task DestroyAsync(string home)
    {
        var launcher = new PostgresLauncher(ThrowawayOptions(home));
        try
        {
            await launcher.StopAsync(force: true, CancellationToken.None);
        }
        finally
        {
            TryDelete(home);
            if (launcher.Layout.InstanceDirectory != home)
            {
                TryDelete(launcher.Layout.InstanceDirectory);
            }
        }
    }

    // Unix socket paths are limited to 107 bytes: stay short rather than honour a long TMPDIR.
    private static string TempRoot => OperatingSystem.IsWindows() ? Path.GetTempPath() : "/tmp";

    private static async Task<EmbeddedServerLease> StartAsync()
    {
        await SweepOrphansAsync();
        var home = NewThrowawayHome();
        var lease = await new PostgresLauncher(ThrowawayOptions(home)).AcquireAsync(CancellationToken.None);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            lease.Dispose();
            TryDelete(home);
        };
        return lease;
    }

    private static async Task SweepOrphansAsync()
    {
        foreach (var dir in Directory.EnumerateDirectories(TempRoot, Prefix + "*"))
        {
            var name = Path.GetFileName(dir)[Prefix.Length..];
            var dash = name.IndexOf('-', StringComparison.Ordinal);
            if (dash > 0 && int.TryParse(name[..dash], out var pid) && !IsAlive(pid))
            {
                try
                {
                    await DestroyAsync(dir);
                }
                catch (Exception)
                {
                    // Best effort: a leftover folder must not fail this run.
                }
            }
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static void TryDelete(string dir)
    {
        try
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
