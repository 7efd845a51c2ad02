namespace Vigil.Server.Operations;

/// <summary>
/// Whether the process holds more managed memory than it should take on more work. Checked before ingestion journals
/// anything, so a caller pushing new identities or tenants gets 429 with Retry-After while the process still has
/// room, instead of the process running out of memory (issue 11, defect 3).
/// </summary>
internal sealed class MemoryPressure
{
    /// <summary>The share of the GC's available memory used when no limit is set: the rest is headroom for what is in flight.</summary>
    private const double DefaultShare = 0.85;

    public MemoryPressure(ServerOptions options)
    {
        LimitBytes = options.MemoryLimitMegabytes > 0
            ? options.MemoryLimitMegabytes << 20
            : (long)(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes * DefaultShare);
    }

    public long LimitBytes { get; }

    /// <summary>
    /// True when the managed heap is above the limit. The heap size is the GC's count of allocated bytes (no
    /// collection is forced), so the check is cheap enough for every request.
    /// </summary>
    public bool IsHigh(out long heapBytes)
    {
        heapBytes = GC.GetTotalMemory(forceFullCollection: false);
        return heapBytes > LimitBytes;
    }
}
