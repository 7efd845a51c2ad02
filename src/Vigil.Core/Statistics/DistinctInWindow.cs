namespace Vigil.Core.Statistics;

/// <summary>
/// Number of distinct keys seen within a sliding time window, in bounded memory: "distinct accounts failing from
/// this IP in the last hour" (password spray), "distinct IPs for this account" (credential stuffing).
/// </summary>
/// <remarks>
/// Holds up to <c>capacity</c> keys with the time each was last seen, replacing the least recently seen key when a
/// new one arrives and the table is full (LRU). The held keys are therefore the <c>capacity</c> most recently seen
/// distinct keys, so <see cref="Count"/> is exact, <c>min(capacity, true distinct count)</c>: it is exact below
/// capacity and saturates at capacity (read "at least capacity"). A key counts while
/// <c>now - lastSeen &lt; windowMs</c>. Add and Count are O(capacity), vectorised key search, no allocation.
/// </remarks>
internal sealed class DistinctInWindow
{
    private const byte FormatVersion = 1;

    private readonly long windowMs;
    private readonly ulong[] keys;
    private readonly long[] lastSeenMs;
    private int held;

    public DistinctInWindow(long windowMs, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(windowMs);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        this.windowMs = windowMs;
        keys = new ulong[capacity];
        lastSeenMs = new long[capacity];
    }

    public long WindowMs => windowMs;

    public int Capacity => keys.Length;

    public int ApproximateBytes => 40 + DecayMath.ArrayBytes(keys.Length, sizeof(ulong)) + DecayMath.ArrayBytes(keys.Length, sizeof(long));

    /// <summary>Records <paramref name="key"/> at <paramref name="timestampMs"/>. Allocates nothing.</summary>
    public void Add(ulong key, long timestampMs)
    {
        int index = keys.AsSpan(0, held).IndexOf(key);
        if (index >= 0)
        {
            lastSeenMs[index] = Math.Max(lastSeenMs[index], timestampMs);
            return;
        }

        if (held < keys.Length)
        {
            keys[held] = key;
            lastSeenMs[held] = timestampMs;
            held++;
            return;
        }

        int oldest = 0;
        for (int i = 1; i < held; i++)
        {
            if (lastSeenMs[i] < lastSeenMs[oldest])
            {
                oldest = i;
            }
        }

        // A late arrival older than everything held would not be among the most recent keys: ignore it.
        if (timestampMs > lastSeenMs[oldest])
        {
            keys[oldest] = key;
            lastSeenMs[oldest] = timestampMs;
        }
    }

    /// <summary>Distinct keys seen in the window ending at <paramref name="timestampMs"/>, saturating at <see cref="Capacity"/>.</summary>
    public int Count(long timestampMs)
    {
        int count = 0;
        for (int i = 0; i < held; i++)
        {
            long age = timestampMs - lastSeenMs[i];
            if (age < windowMs)
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>True when the count has reached capacity, so the true number may be higher.</summary>
    public bool IsSaturated(long timestampMs) => Count(timestampMs) >= keys.Length;

    public void WriteTo(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(FormatVersion);
        writer.Write(windowMs);
        writer.Write(keys.Length);
        writer.Write(held);
        for (int i = 0; i < held; i++)
        {
            writer.Write(keys[i]);
            writer.Write(lastSeenMs[i]);
        }
    }

    public static DistinctInWindow ReadFrom(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        byte version = reader.ReadByte();
        if (version != FormatVersion)
        {
            throw new InvalidDataException($"Unsupported DistinctInWindow checkpoint version {version}.");
        }

        long windowMs = reader.ReadInt64();
        int capacity = reader.ReadInt32();
        int held = reader.ReadInt32();
        if (windowMs <= 0 || capacity <= 0 || capacity > 1_000_000 || held < 0 || held > capacity)
        {
            throw new InvalidDataException("Corrupt DistinctInWindow checkpoint: bad geometry.");
        }

        var distinct = new DistinctInWindow(windowMs, capacity) { held = held };
        for (int i = 0; i < held; i++)
        {
            distinct.keys[i] = reader.ReadUInt64();
            distinct.lastSeenMs[i] = reader.ReadInt64();
        }

        return distinct;
    }
}
