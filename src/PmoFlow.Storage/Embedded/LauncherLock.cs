using System.Diagnostics;

namespace PmoFlow.Storage.Embedded;

/// <summary>
/// An exclusive lock on the launcher's lock file, held around starting, stopping and registering clients.
/// </summary>
/// <remarks>
/// Uses the operating system's file lock (flock through <see cref="FileShare.None"/>), so a crashed holder
/// releases it with its process: no stale lock survives. Also exclusive between two opens in one process.
/// </remarks>
internal sealed class LauncherLock : IDisposable
{
    private readonly FileStream _stream;

    private LauncherLock(FileStream stream) => _stream = stream;

    public static async Task<LauncherLock> AcquireAsync(string path, TimeSpan timeout, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var delay = TimeSpan.FromMilliseconds(20);
        while (true)
        {
            try
            {
                var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                return new LauncherLock(stream);
            }
            catch (DirectoryNotFoundException e)
            {
                throw new EmbeddedPostgresException($"The database folder of {path} no longer exists.", e);
            }
            catch (IOException) when (clock.Elapsed < timeout)
            {
                await Task.Delay(delay, ct);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 250));
            }
            catch (IOException e)
            {
                throw new EmbeddedPostgresException(
                    $"Another PmoFlow command has held the database lock {path} for over {timeout.TotalSeconds:0} s. "
                    + "Wait for it to finish, or stop it.",
                    e);
            }
        }
    }

    public void Dispose() => _stream.Dispose();
}
