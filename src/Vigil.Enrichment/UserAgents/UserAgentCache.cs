namespace Vigil.Enrichment.UserAgents;

/// <summary>
/// A bounded, lock-free, two-way set-associative cache from user-agent string to parse result. A key may live in
/// either slot of its pair; a new entry takes the first slot and pushes the previous one to the second, so the older
/// of the two is evicted. Each slot holds an immutable entry published with a volatile write, so readers see either
/// the old or the new entry, never a torn one. Memory is bounded by capacity x <see cref="MaxKeyLength"/>.
/// </summary>
internal sealed class UserAgentCache
{
    /// <summary>Longer strings are parsed but not cached: real browsers stay well under this, padding attacks do not.</summary>
    public const int MaxKeyLength = 1024;

    private readonly Entry?[] slots;
    private readonly int mask;

    public UserAgentCache(int capacity)
    {
        int size = (int)Math.Min(1 << 30, Math.Max(2, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)capacity)));
        slots = new Entry?[size];
        mask = size - 1;
    }

    public int Capacity => slots.Length;

    public bool TryGet(ReadOnlySpan<char> key, int hash, out UserAgentInfo value)
    {
        int slot = hash & mask & ~1;
        var entry = Volatile.Read(ref slots[slot]);
        if (entry is not null && entry.Hash == hash && key.SequenceEqual(entry.Key))
        {
            value = entry.Value;
            return true;
        }

        entry = Volatile.Read(ref slots[slot + 1]);
        if (entry is not null && entry.Hash == hash && key.SequenceEqual(entry.Key))
        {
            value = entry.Value;
            return true;
        }

        value = default;
        return false;
    }

    public void Set(string key, int hash, UserAgentInfo value)
    {
        if (key.Length > MaxKeyLength)
        {
            return;
        }

        int slot = hash & mask & ~1;
        var first = Volatile.Read(ref slots[slot]);
        if (first is not null && !(first.Hash == hash && key.AsSpan().SequenceEqual(first.Key)))
        {
            Volatile.Write(ref slots[slot + 1], first);
        }

        Volatile.Write(ref slots[slot], new Entry(key, hash, value));
    }

    private sealed record Entry(string Key, int Hash, UserAgentInfo Value);
}
