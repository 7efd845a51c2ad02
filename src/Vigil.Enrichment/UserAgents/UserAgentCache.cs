namespace Vigil.Enrichment.UserAgents;

/// <summary>
/// A bounded, lock-free, direct-mapped cache from user-agent string to parse result. Each slot holds an immutable
/// entry published with a volatile write, so readers see either the old or the new entry, never a torn one; a
/// collision simply replaces the slot. Memory is bounded by capacity x <see cref="MaxKeyLength"/>.
/// </summary>
internal sealed class UserAgentCache
{
    /// <summary>Longer strings are parsed but not cached: real browsers stay well under this, padding attacks do not.</summary>
    public const int MaxKeyLength = 1024;

    private readonly Entry?[] slots;
    private readonly int mask;

    public UserAgentCache(int capacity)
    {
        int size = (int)Math.Min(1 << 30, Math.Max(1, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)capacity)));
        slots = new Entry?[size];
        mask = size - 1;
    }

    public int Capacity => slots.Length;

    public bool TryGet(ReadOnlySpan<char> key, int hash, out UserAgentInfo value)
    {
        var entry = Volatile.Read(ref slots[hash & mask]);
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
        if (key.Length <= MaxKeyLength)
        {
            Volatile.Write(ref slots[hash & mask], new Entry(key, hash, value));
        }
    }

    private sealed record Entry(string Key, int Hash, UserAgentInfo Value);
}
