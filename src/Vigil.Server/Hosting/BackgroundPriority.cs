using System.Runtime.InteropServices;

namespace Vigil.Server.Hosting;

/// <summary>
/// Lowers the scheduling priority of the calling thread (Linux <c>nice</c> 5) for the service's own background threads:
/// the audit drainer and the WAL checkpointer. Their work can wait a few milliseconds (the audit ring holds what the
/// drainer has not moved yet), an answer cannot: on a small machine a burst of background work competing on equal
/// terms with the request threads shows up in the latency tail (paced load test, three alternating pairs on one
/// process: p99 1.92-2.16 ms at nice 0, 1.71-2.00 ms at nice 5; docs/benchmarks-server.md). At nice 5 the kernel still
/// gives such a thread about a quarter of a core it shares with one busy thread, several times what it needs, and if the drainer fell behind
/// the full ring would hold requests back until it caught up. Elsewhere (or if refused) nothing changes: .NET's own
/// <see cref="Thread.Priority"/> has no effect on Linux.
/// </summary>
internal static class BackgroundPriority
{
    private const int Nice = 5;
    private const int PrioProcess = 0; // with a thread id as "who", Linux applies the value to that thread alone

    public static void LowerCurrentThread()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        try
        {
            _ = SetPriority(PrioProcess, GetThreadId(), Nice);
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            // Not glibc: keep the normal priority.
        }
    }

    // DllImport, not LibraryImport: the arguments are plain ints (nothing to marshal), and LibraryImport would need
    // unsafe code enabled for the whole project.
    [DllImport("libc", EntryPoint = "setpriority")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int SetPriority(int which, int who, int priority);

    [DllImport("libc", EntryPoint = "gettid")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int GetThreadId();
}
