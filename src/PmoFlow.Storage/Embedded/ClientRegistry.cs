using System.Diagnostics;
using System.Globalization;

namespace PmoFlow.Storage.Embedded;

/// <summary>
/// The live users of an embedded server: one file per lease, named <c>PID.LEASE</c> and holding the process's
/// start mark, so a file left by a crashed process (or a recycled pid) is recognised as dead and removed.
/// </summary>
/// <remarks>Callers hold the <see cref="LauncherLock"/> around every change.</remarks>
internal sealed class ClientRegistry(string directory)
{
    public string Register()
    {
        Directory.CreateDirectory(directory);
        var file = Path.Combine(directory, $"{Environment.ProcessId}.{Guid.NewGuid():N}");
        File.WriteAllText(file, StartMark(Environment.ProcessId));
        return file;
    }

    public static void Unregister(string file) => File.Delete(file);

    /// <summary>Counts live clients, deleting the files of dead ones when <paramref name="prune"/> is set.</summary>
    public int CountLive(bool prune = true)
    {
        if (!Directory.Exists(directory))
        {
            return 0;
        }

        var live = 0;
        foreach (var file in Directory.EnumerateFiles(directory))
        {
            if (IsLive(file))
            {
                live++;
            }
            else if (prune)
            {
                File.Delete(file);
            }
        }

        return live;
    }

    private static bool IsLive(string file)
    {
        var name = Path.GetFileName(file);
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || !int.TryParse(name.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
        {
            return false;
        }

        try
        {
            var recorded = File.ReadAllText(file).Trim();
            return recorded.Length > 0 && StartMark(pid) == recorded;
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>
    /// A mark identifying one process over its lifetime: on Linux its start time in clock ticks since boot from
    /// /proc (exact, no Process object, so it is safe for this process's own children); elsewhere the start time.
    /// </summary>
    /// <exception cref="IOException">The process does not exist.</exception>
    private static string StartMark(int pid)
    {
        if (OperatingSystem.IsLinux())
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // After the command name in parentheses: field 3 (state) is index 0, field 22 (starttime) index 19.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return fields[0] is "Z" or "X" ? throw new IOException($"Process {pid} has exited.") : fields[19];
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            return process.StartTime.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            throw new IOException($"Process {pid} does not exist.", e);
        }
    }
}
