using System.Diagnostics;
using System.Globalization;

namespace PmoFlow.Storage.Embedded;

/// <summary>
/// The live users of an embedded server: one file per lease, named <c>PID.LEASE</c> and holding the process's
/// start time, so a file left by a crashed process (or a recycled pid) is recognised as dead and removed.
/// </summary>
/// <remarks>Callers hold the <see cref="LauncherLock"/> around every change.</remarks>
internal sealed class ClientRegistry(string directory)
{
    public string Register()
    {
        Directory.CreateDirectory(directory);
        using var self = Process.GetCurrentProcess();
        var file = Path.Combine(directory, $"{Environment.ProcessId}.{Guid.NewGuid():N}");
        File.WriteAllText(file, StartTicks(self).ToString(CultureInfo.InvariantCulture));
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

        string text;
        try
        {
            text = File.ReadAllText(file);
        }
        catch (IOException)
        {
            return false;
        }

        if (!long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var recorded))
        {
            return false;
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            // The start time is derived from the boot clock and may wobble by a few ms between reads.
            return !process.HasExited && Math.Abs(StartTicks(process) - recorded) < TimeSpan.TicksPerSecond;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static long StartTicks(Process process) => process.StartTime.ToUniversalTime().Ticks;
}
