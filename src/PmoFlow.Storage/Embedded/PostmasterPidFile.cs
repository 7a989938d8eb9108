using System.Globalization;

namespace PmoFlow.Storage.Embedded;

/// <summary>
/// What a running server wrote in <c>postmaster.pid</c>: its pid, port, socket folder, listen address and state.
/// </summary>
internal sealed record PostmasterPidFile(int Pid, int Port, string? SocketDirectory, string? ListenAddress, string? Status)
{
    /// <summary>Reads the file of <paramref name="dataDirectory"/>; null when absent or unreadable.</summary>
    public static PostmasterPidFile? Read(string dataDirectory)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(Path.Combine(dataDirectory, "postmaster.pid"));
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }

        // Lines: pid, data dir, start time, port, socket dir, listen address, shmem key, status.
        if (lines.Length < 4
            || !int.TryParse(lines[0].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid)
            || !int.TryParse(lines[3].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var port))
        {
            return null;
        }

        string? Line(int i) => lines.Length > i && lines[i].Trim().Length > 0 ? lines[i].Trim() : null;
        return new PostmasterPidFile(pid, port, Line(4), Line(5), Line(7));
    }

    /// <summary>True when a process with <see cref="Pid"/> exists and has not exited (a zombie counts as exited).</summary>
    public bool ProcessExists()
    {
        if (OperatingSystem.IsLinux())
        {
            try
            {
                // Fields after the command name in parentheses: the first is the state.
                var stat = File.ReadAllText($"/proc/{Pid}/stat");
                var state = stat[stat.LastIndexOf(')') + 2];
                return state is not ('Z' or 'X');
            }
            catch (IOException)
            {
                return false;
            }
        }

        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(Pid);
            return !process.HasExited;
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
}
