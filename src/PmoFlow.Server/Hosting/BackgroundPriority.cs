using System.Runtime.InteropServices;

namespace PmoFlow.Server.Hosting;

/// <summary>Lowers the scheduling priority of the calling thread (Linux: nice 10 for this thread only; elsewhere nothing).</summary>
internal static class BackgroundPriority
{
    private const int PrioProcess = 0;
    private const int Nice = 10;

    /// <summary>Lowers the calling thread's priority; a failure is ignored (the work still runs, only at normal priority).</summary>
    public static void Lower()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        try
        {
            // On Linux a thread is a task with its own nice value: PRIO_PROCESS with the thread id changes only this thread.
            _ = NativeMethods.setpriority(PrioProcess, NativeMethods.gettid(), Nice);
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
        }
    }

    private static class NativeMethods
    {
        [DllImport("libc", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int setpriority(int which, int who, int prio);

        [DllImport("libc")]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int gettid();
    }
}
