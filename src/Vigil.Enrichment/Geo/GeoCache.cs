namespace Vigil.Enrichment.Geo;

/// <summary>
/// Bounded, lock-free, two-way set-associative cache from address (IPv4 kept in its ::ffff:0:0/96 mapped form) to
/// result. Each key may live in either slot of its pair; a new entry takes the first slot and pushes the previous one
/// to the second, so the older of the two is evicted. Entries are immutable and published with volatile writes.
/// </summary>
internal sealed class GeoCache
{
    private readonly Entry?[] slots;
    private readonly int mask;

    public GeoCache(int capacity)
    {
        int size = (int)Math.Min(1 << 30, Math.Max(2, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)capacity)));
        slots = new Entry?[size];
        mask = size - 1;
    }

    public bool TryGet(UInt128 key, out GeoInfo value)
    {
        int slot = Slot(key);
        var entry = Volatile.Read(ref slots[slot]);
        if (entry is null || entry.Key != key)
        {
            entry = Volatile.Read(ref slots[slot + 1]);
        }

        if (entry is not null && entry.Key == key)
        {
            value = entry.Value;
            return true;
        }

        value = default;
        return false;
    }

    public void Set(UInt128 key, GeoInfo value)
    {
        int slot = Slot(key);
        var first = Volatile.Read(ref slots[slot]);
        if (first is not null && first.Key != key)
        {
            Volatile.Write(ref slots[slot + 1], first);
        }

        Volatile.Write(ref slots[slot], new Entry(key, value));
    }

    private int Slot(UInt128 key)
    {
        // Fold and mix (a Fibonacci-hashing multiply) so that neighbouring addresses spread over the slots.
        ulong folded = (ulong)key ^ (ulong)(key >> 64);
        return (int)((folded * 0x9E3779B97F4A7C15UL) >> 32) & mask & ~1;
    }

    private sealed record Entry(UInt128 Key, GeoInfo Value);
}
