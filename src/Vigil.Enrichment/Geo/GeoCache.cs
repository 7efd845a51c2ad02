namespace Vigil.Enrichment.Geo;

/// <summary>
/// Bounded, lock-free, direct-mapped cache from address (IPv4 kept in its ::ffff:0:0/96 mapped form) to result.
/// Immutable entries published with volatile writes; a collision replaces the slot.
/// </summary>
internal sealed class GeoCache
{
    private readonly Entry?[] slots;
    private readonly int mask;

    public GeoCache(int capacity)
    {
        int size = (int)Math.Min(1 << 30, Math.Max(1, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)capacity)));
        slots = new Entry?[size];
        mask = size - 1;
    }

    public bool TryGet(UInt128 key, out GeoInfo value)
    {
        var entry = Volatile.Read(ref slots[Slot(key)]);
        if (entry is not null && entry.Key == key)
        {
            value = entry.Value;
            return true;
        }

        value = default;
        return false;
    }

    public void Set(UInt128 key, GeoInfo value) => Volatile.Write(ref slots[Slot(key)], new Entry(key, value));

    private int Slot(UInt128 key)
    {
        // Fold and mix (a Fibonacci-hashing multiply) so that neighbouring addresses spread over the slots.
        ulong folded = (ulong)key ^ (ulong)(key >> 64);
        return (int)((folded * 0x9E3779B97F4A7C15UL) >> 32) & mask;
    }

    private sealed record Entry(UInt128 Key, GeoInfo Value);
}
