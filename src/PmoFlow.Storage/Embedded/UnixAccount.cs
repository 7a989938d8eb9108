using System.Runtime.InteropServices;

namespace PmoFlow.Storage.Embedded;

/// <summary>The few facts about the running Unix account the launcher needs.</summary>
public static class UnixAccount
{
    /// <summary>True when the process runs with effective user id 0 (PostgreSQL refuses to run as root).</summary>
    public static bool IsRoot => !OperatingSystem.IsWindows() && geteuid() == 0;

    [DllImport("libc", SetLastError = false)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern uint geteuid();
}
