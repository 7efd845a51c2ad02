namespace Vigil.Core.Statistics;

/// <summary>
/// Number of events in a sliding time window ("failed logins of this identity in the last 10 minutes"), kept as a
/// ring of buckets so memory is fixed and Add/Count allocate nothing.
/// </summary>
/// <remarks>
/// The window of <c>windowMs</c> is cut into <c>buckets</c> buckets of <c>ceil(windowMs / buckets)</c> ms aligned
/// on the Unix epoch. <see cref="Count"/> sums the bucket holding the query time and the <c>buckets - 1</c> before
/// it, so an event is counted for at least <c>windowMs - bucketMs</c> and never at or after <c>windowMs</c> past
/// it (the usual bucketed-window approximation; more buckets, finer edge). Events later than the query time are
/// not counted; an event older than the window of its bucket's current occupant is dropped on arrival.
/// </remarks>
internal sealed class SlidingWindowCounter
{
    private const byte FormatVersion = 1;

    private readonly long bucketMs;
    private readonly int[] counts;
    private readonly long[] bucketIndex;

    // Latest timestamp ever added (long.MinValue: none) and how far past it a query must be for every bucket to
    // have left the window. Most counters (an identity's failed sign-ins, denied prompts) are idle nearly always:
    // Count then answers 0 from these two fields, without a division or a read of either array.
    private readonly long reachMs;
    private long newestMs = long.MinValue;

    public SlidingWindowCounter(long windowMs, int buckets)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(buckets);
        ArgumentOutOfRangeException.ThrowIfLessThan(windowMs, buckets);
        bucketMs = (windowMs + buckets - 1) / buckets;
        counts = new int[buckets];
        bucketIndex = new long[buckets];
        Array.Fill(bucketIndex, long.MinValue);
        long window = bucketMs * buckets;
        reachMs = window > long.MaxValue - bucketMs ? long.MaxValue : window + bucketMs;
    }

    /// <summary>Window length actually covered: buckets * bucket width.</summary>
    public long WindowMs => bucketMs * counts.Length;

    public int Buckets => counts.Length;

    public int ApproximateBytes => 56 + DecayMath.ArrayBytes(counts.Length, sizeof(int)) + DecayMath.ArrayBytes(counts.Length, sizeof(long));

    /// <summary>Records <paramref name="count"/> events at <paramref name="timestampMs"/>. Allocates nothing.</summary>
    public void Add(long timestampMs, int count = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        newestMs = Math.Max(newestMs, timestampMs);
        long index = FloorDiv(timestampMs, bucketMs);
        int slot = Slot(index);
        long current = bucketIndex[slot];
        if (current == index)
        {
            counts[slot] = (int)Math.Min(int.MaxValue, (long)counts[slot] + count);
        }
        else if (current < index)
        {
            bucketIndex[slot] = index;
            counts[slot] = count;
        }

        // current > index: the slot already holds a bucket a whole window newer, so this event has expired.
    }

    /// <summary>Events within the window ending at <paramref name="timestampMs"/>. Does not mutate; allocates nothing.</summary>
    public int Count(long timestampMs)
    {
        // More than a window and a bucket after the newest event, the newest bucket is older than the oldest counted
        // one (floor(t / b) >= floor(newest / b) + buckets + 1), and every other bucket is older still.
        if (newestMs == long.MinValue || (timestampMs > newestMs && (ulong)(timestampMs - newestMs) > (ulong)reachMs))
        {
            return 0;
        }

        long now = FloorDiv(timestampMs, bucketMs);
        long oldest = now - counts.Length + 1;
        long sum = 0;
        for (int i = 0; i < counts.Length; i++)
        {
            long index = bucketIndex[i];
            if (index >= oldest && index <= now)
            {
                sum += counts[i];
            }
        }

        return (int)Math.Min(int.MaxValue, sum);
    }

    public void WriteTo(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(FormatVersion);
        writer.Write(bucketMs);
        writer.Write(counts.Length);
        for (int i = 0; i < counts.Length; i++)
        {
            writer.Write(bucketIndex[i]);
            writer.Write(counts[i]);
        }
    }

    public static SlidingWindowCounter ReadFrom(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        byte version = reader.ReadByte();
        if (version != FormatVersion)
        {
            throw new InvalidDataException($"Unsupported SlidingWindowCounter checkpoint version {version}.");
        }

        long bucketMs = reader.ReadInt64();
        int buckets = reader.ReadInt32();
        if (bucketMs <= 0 || buckets <= 0 || buckets > 1_000_000 || bucketMs > long.MaxValue / buckets)
        {
            throw new InvalidDataException("Corrupt SlidingWindowCounter checkpoint: bad geometry.");
        }

        var counter = new SlidingWindowCounter(bucketMs * buckets, buckets);
        for (int i = 0; i < buckets; i++)
        {
            counter.bucketIndex[i] = reader.ReadInt64();
            counter.counts[i] = reader.ReadInt32();
        }

        // The newest timestamp is not stored: the end of the newest bucket is an upper bound, which is all Count needs.
        long newestBucket = counter.bucketIndex.Max();
        if (newestBucket != long.MinValue)
        {
            counter.newestMs = newestBucket < (long.MaxValue / bucketMs) - 1 && newestBucket > (long.MinValue / bucketMs) + 1
                ? (newestBucket * bucketMs) + bucketMs - 1
                : long.MaxValue;
        }

        return counter;
    }

    internal static long FloorDiv(long value, long divisor)
    {
        long quotient = Math.DivRem(value, divisor, out long remainder);
        return remainder < 0 ? quotient - 1 : quotient;
    }

    private int Slot(long index)
    {
        long slot = index % counts.Length;
        return (int)(slot < 0 ? slot + counts.Length : slot);
    }
}
