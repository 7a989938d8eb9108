using System.Runtime.InteropServices;

namespace PmoFlow.Storage.Embedded;

/// <summary>The few Unix facts and calls the launcher needs.</summary>
public static class UnixAccount
{
    /// <summary>True when the process runs with effective user id 0 (PostgreSQL refuses to run as root).</summary>
    public static bool IsRoot => !OperatingSystem.IsWindows() && geteuid() == 0;

    /// <summary>Sends <paramref name="signal"/> to <paramref name="pid"/>; false when the process does not exist.</summary>
    internal static bool Signal(int pid, int signal) => kill(pid, signal) == 0;

    [DllImport("libc", SetLastError = false)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern uint geteuid();

    [DllImport("libc", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int kill(int pid, int sig);
}
