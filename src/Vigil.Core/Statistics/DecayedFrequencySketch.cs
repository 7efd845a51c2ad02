using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Vigil.Core.Statistics;

/// <summary>
/// Bounded-memory, exponentially decayed frequency table of categorical values (keys are <see cref="StableHash"/>
/// values): "how often, recently, has this identity used this country / ASN / device".
/// </summary>
/// <remarks>
/// <para>Decay uses forward decay (Cormode, Shkapenyuk, Srivastava &amp; Xu, "Forward Decay", ICDE 2009): a weight
/// <c>w</c> at time <c>t</c> is stored as <c>w * 2^((t - L)/h)</c> relative to a landmark <c>L</c>, and every
/// stored value is read back by multiplying with <c>2^(-(now - L)/h)</c>. All entries share the landmark, so an
/// Add touches one entry and the order of entries by stored value is their order by decayed count. The landmark
/// moves forward (one pass over the entries) only every 64 half-lives, before floats could overflow.</para>
/// <para>When full, a new key evicts the entry with the smallest decayed count and starts at its own weight
/// (no Space-Saving style inheritance, so counts are never over-estimated). The evicted mass stays in
/// <see cref="Total"/>: <c>Count/Total</c> then under-states, rather than inflates, the probability of the kept
/// keys, and a never-seen key correctly looks rarer the more distinct history there was.</para>
/// <para>Counts are floats to keep an identity's sketches small; they are rounded stochastically with a
/// deterministic generator (<see cref="DecayMath.RoundStochastic"/>) so heavy tenant-level keys keep counting
/// past 2^24. Totals are doubles. Queries at a time before the landmark are answered as of the landmark (no
/// "un-decaying").</para>
/// <para>Lookups: below <see cref="HashIndexThreshold"/> keys a vectorised scan of the key array; from it up
/// (peer-group and tenant sketches) an open-addressing index of 2K ints as well. Finding the eviction victim is a
/// vectorised O(K) minimum, paid only when a new key arrives at a full sketch.</para>
/// <para>Not thread-safe: one writer at a time, as for all per-identity state.</para>
/// </remarks>
internal sealed class DecayedFrequencySketch
{
    private const byte FormatVersion = 1;

    // Re-anchor before 2^64 growth; float overflows at 2^128 times a weight.
    private const double ReanchorHalfLives = 64;
    private const int MinimumGrowth = 4;

    /// <summary>Capacities from this size up keep a hash index beside the arrays (linear scans stay faster below it).</summary>
    public const int HashIndexThreshold = 64;

    private const ulong Fibonacci = 0x9E3779B97F4A7C15UL;

    private readonly int capacity;
    private readonly double inverseHalfLifeMs;
    // Entries live at keys[offset .. offset + allocated) and counts[offset ..]: positions inside the sketch are absolute
    // indices into these arrays. A sketch owns its arrays (offset 0, growing up to capacity) unless it was created on
    // shared storage: then it has a fixed slice of arrays shared by all sketches of one identity's profile (see
    // BehaviourProfile), so an identity's keys and counts sit together in memory instead of in two dozen arrays.
    private readonly int offset;
    private int allocated;
    private ulong[] keys;
    private float[] counts;

    // Open addressing, linear probing, load <= 1/2: slot holds entry position + 1, 0 = empty. Null for small K.
    private readonly int[]? hashIndex;
    private int distinct;
    private bool anchored;
    private long landmarkMs;
    private double total;
    private double everSeen;

    /// <summary>Creates a sketch with its arrays preallocated at <paramref name="capacity"/>.</summary>
    public DecayedFrequencySketch(int capacity, double halfLifeDays)
        : this(capacity, halfLifeDays, capacity)
    {
    }

    /// <summary>
    /// Creates a sketch that starts with room for <paramref name="initialCapacity"/> keys and doubles up to
    /// <paramref name="capacity"/> as distinct keys arrive. Growth allocates at most log2(capacity/initial)
    /// times in the sketch's life (never in steady state) and keeps a typical identity, which uses two or three
    /// countries or devices, well below the preallocated size.
    /// </summary>
    public DecayedFrequencySketch(int capacity, double halfLifeDays, int initialCapacity)
        : this(capacity, halfLifeDays, initialCapacity, capacity >= HashIndexThreshold)
    {
    }

    /// <summary>Test seam: forces the hash index on or off so both lookup paths can be compared.</summary>
    internal DecayedFrequencySketch(int capacity, double halfLifeDays, int initialCapacity, bool useHashIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(initialCapacity);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(initialCapacity, capacity);
        this.capacity = capacity;
        inverseHalfLifeMs = DecayMath.InverseHalfLifeMs(halfLifeDays);
        keys = new ulong[initialCapacity];
        counts = new float[initialCapacity];
        allocated = initialCapacity;
        hashIndex = useHashIndex ? new int[(int)BitOperations.RoundUpToPowerOf2((uint)capacity * 2)] : null;
    }

    /// <summary>
    /// Creates a sketch whose <paramref name="capacity"/> entries are the slice of <paramref name="keyStore"/> and
    /// <paramref name="countStore"/> starting at <paramref name="storeOffset"/>, shared with other sketches (never
    /// grown, no hash index: for the small sketches of an identity).
    /// </summary>
    public DecayedFrequencySketch(int capacity, double halfLifeDays, ulong[] keyStore, float[] countStore, int storeOffset)
        : this(DecayMath.InverseHalfLifeMs(halfLifeDays), capacity, keyStore, countStore, storeOffset)
    {
    }

    private DecayedFrequencySketch(double inverseHalfLifeMs, int capacity, ulong[] keyStore, float[] countStore, int storeOffset)
    {
        ArgumentNullException.ThrowIfNull(keyStore);
        ArgumentNullException.ThrowIfNull(countStore);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(capacity, HashIndexThreshold);
        ArgumentOutOfRangeException.ThrowIfNegative(storeOffset);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(storeOffset, Math.Min(keyStore.Length, countStore.Length) - capacity);
        this.capacity = capacity;
        this.inverseHalfLifeMs = inverseHalfLifeMs;
        keys = keyStore;
        counts = countStore;
        offset = storeOffset;
        allocated = capacity;
    }

    /// <summary>A copy of this sketch's whole state on shared storage (see the shared-storage constructor).</summary>
    public DecayedFrequencySketch CopyTo(ulong[] keyStore, float[] countStore, int storeOffset)
    {
        var copy = new DecayedFrequencySketch(inverseHalfLifeMs, capacity, keyStore, countStore, storeOffset)
        {
            distinct = distinct,
            anchored = anchored,
            landmarkMs = landmarkMs,
            total = total,
            everSeen = everSeen,
        };
        keys.AsSpan(offset, distinct).CopyTo(keyStore.AsSpan(storeOffset));
        counts.AsSpan(offset, distinct).CopyTo(countStore.AsSpan(storeOffset));
        return copy;
    }

    // For checkpoints: the decay rate is restored bit for bit so a restored sketch still merges with fresh ones.
    private DecayedFrequencySketch(double inverseHalfLifeMs, int capacity, int allocated)
    {
        this.capacity = capacity;
        this.inverseHalfLifeMs = inverseHalfLifeMs;
        keys = new ulong[allocated];
        counts = new float[allocated];
        this.allocated = allocated;
        hashIndex = capacity >= HashIndexThreshold ? new int[(int)BitOperations.RoundUpToPowerOf2((uint)capacity * 2)] : null;
    }

    /// <summary>Most keys held at once (K).</summary>
    public int Capacity => capacity;

    /// <summary>Half-life of the decay in days (+Infinity when the sketch does not decay).</summary>
    public double HalfLifeDays => DecayMath.HalfLifeDays(inverseHalfLifeMs);

    /// <summary>Keys currently held (at most <see cref="Capacity"/>).</summary>
    public int Distinct => distinct;

    /// <summary>Undecayed sum of all weights ever added (the number of Adds at weight 1), including merged sketches.</summary>
    public double EverSeenWeight => everSeen;

    /// <summary>
    /// Approximate managed memory of this sketch in bytes (object, fields and both arrays, 64-bit runtime; on shared
    /// storage, its slice of the shared arrays without their headers).
    /// </summary>
    public int ApproximateBytes =>
        96
        + (keys.Length == allocated
            ? DecayMath.ArrayBytes(keys.Length, sizeof(ulong)) + DecayMath.ArrayBytes(counts.Length, sizeof(float))
            : allocated * (sizeof(ulong) + sizeof(float)))
        + (hashIndex is null ? 0 : DecayMath.ArrayBytes(hashIndex.Length, sizeof(int)));

    /// <summary>Adds <paramref name="weight"/> observations of <paramref name="key"/> at <paramref name="timestampMs"/>. Allocates nothing unless growing.</summary>
    public void Add(ulong key, long timestampMs, float weight = 1f)
    {
        if (!(weight >= 0) || float.IsPositiveInfinity(weight))
        {
            throw new ArgumentOutOfRangeException(nameof(weight), weight, "The weight must be finite and non-negative.");
        }

        if (weight == 0)
        {
            return;
        }

        double scaled = Scale(weight, timestampMs);
        total += scaled;
        everSeen += weight;

        int index = Find(key);
        if (index >= 0)
        {
            counts[index] = DecayMath.RoundStochastic(counts[index] + scaled, key ^ (ulong)timestampMs ^ BitConverter.DoubleToUInt64Bits(total));
            return;
        }

        Insert(key, scaled);
    }

    /// <summary>Decayed count of <paramref name="key"/> as of <paramref name="timestampMs"/>; 0 when absent. Does not mutate.</summary>
    public double Count(ulong key, long timestampMs)
    {
        int index = Find(key);
        return index < 0 ? 0d : counts[index] * DecayFactor(timestampMs);
    }

    /// <summary>
    /// <see cref="Count(ulong, long)"/> and <see cref="Total"/> together: the same two values, with the decay factor
    /// computed once instead of twice (scoring asks for both of most sketches it reads).
    /// </summary>
    public double Count(ulong key, long timestampMs, out double decayedTotal)
    {
        double factor = DecayFactor(timestampMs);
        decayedTotal = total * factor;
        int index = Find(key);
        return index < 0 ? 0d : counts[index] * factor;
    }

    /// <summary>Decayed total weight as of <paramref name="timestampMs"/>, including the mass of evicted keys.</summary>
    public double Total(long timestampMs) => total * DecayFactor(timestampMs);

    /// <summary><c>Count / Total</c> as of <paramref name="timestampMs"/>: 0 for an absent key or an empty sketch.</summary>
    public double Frequency(ulong key, long timestampMs)
    {
        int index = Find(key);
        return index < 0 || total <= 0 ? 0d : Math.Min(1d, counts[index] / total);
    }

    /// <summary>
    /// Copies the held keys and their decayed counts, heaviest first, for explanations ("usual countries: ...").
    /// Returns how many were written (at most the shorter destination). Allocates nothing.
    /// </summary>
    public int CopyTop(Span<ulong> keysDestination, Span<double> countsDestination, long timestampMs)
    {
        int n = Math.Min(distinct, Math.Min(keysDestination.Length, countsDestination.Length));
        if (n == 0)
        {
            return 0;
        }

        double factor = DecayFactor(timestampMs);
        if (n == distinct)
        {
            for (int i = 0; i < n; i++)
            {
                keysDestination[i] = keys[offset + i];
                countsDestination[i] = -counts[offset + i] * (double)factor;
            }

            countsDestination[..n].Sort(keysDestination[..n]);
            for (int i = 0; i < n; i++)
            {
                countsDestination[i] = -countsDestination[i];
            }

            return n;
        }

        // Destination smaller than the table: selection of the n heaviest, O(n * distinct), no scratch needed.
        for (int slot = 0; slot < n; slot++)
        {
            int best = -1;
            for (int i = offset; i < offset + distinct; i++)
            {
                if (keysDestination[..slot].Contains(keys[i]))
                {
                    continue;
                }

                if (best < 0 || counts[i] > counts[best])
                {
                    best = i;
                }
            }

            keysDestination[slot] = keys[best];
            countsDestination[slot] = counts[best] * factor;
        }

        return n;
    }

    /// <summary>
    /// Adds <paramref name="other"/> into this sketch: both are decayed to the later landmark, counts of shared
    /// keys are summed, and the heaviest <see cref="Capacity"/> keys of the union are kept (the rest stays in
    /// the total). The result equals the top-K of adding both streams, up to float rounding and to keys either
    /// side had already evicted. Both sketches must have the same half-life.
    /// </summary>
    public void Merge(DecayedFrequencySketch other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.inverseHalfLifeMs != inverseHalfLifeMs)
        {
            throw new ArgumentException("Sketches with different half-lives cannot be merged.", nameof(other));
        }

        if (!other.anchored)
        {
            return;
        }

        if (ReferenceEquals(other, this))
        {
            for (int i = offset; i < offset + distinct; i++)
            {
                counts[i] *= 2;
            }

            total *= 2;
            everSeen *= 2;
            return;
        }

        if (!anchored)
        {
            anchored = true;
            landmarkMs = other.landmarkMs;
        }
        else if (other.landmarkMs > landmarkMs)
        {
            Reanchor(other.landmarkMs);
        }

        double factor = DecayMath.Factor(landmarkMs - other.landmarkMs, inverseHalfLifeMs);
        total += other.total * factor;
        everSeen += other.everSeen;

        // Pass 1 sums shared keys; pass 2 offers the others to the top-K. With fixed values, "insert if heavier
        // than the minimum, evicting it" yields the exact top-K whatever the order.
        Span<bool> shared = other.distinct <= 1024 ? stackalloc bool[other.distinct] : new bool[other.distinct];
        for (int j = 0; j < other.distinct; j++)
        {
            int index = Find(other.keys[other.offset + j]);
            if (index >= 0)
            {
                counts[index] = (float)(counts[index] + (other.counts[other.offset + j] * factor));
                shared[j] = true;
            }
        }

        for (int j = 0; j < other.distinct; j++)
        {
            if (shared[j])
            {
                continue;
            }

            double value = other.counts[other.offset + j] * factor;
            if (distinct < capacity)
            {
                Insert(other.keys[other.offset + j], value);
                continue;
            }

            int min = IndexOfMinimum();
            if (value > counts[min])
            {
                Replace(min, other.keys[other.offset + j], (float)value);
            }
        }
    }

    /// <summary>Writes a versioned, little-endian checkpoint of the whole state.</summary>
    public void WriteTo(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(FormatVersion);
        writer.Write(capacity);
        writer.Write(allocated);
        writer.Write(inverseHalfLifeMs);
        writer.Write(anchored);
        writer.Write(landmarkMs);
        writer.Write(total);
        writer.Write(everSeen);
        writer.Write(distinct);
        for (int i = 0; i < distinct; i++)
        {
            writer.Write(keys[offset + i]);
            writer.Write(counts[offset + i]);
        }
    }

    /// <summary>Reads a checkpoint written by <see cref="WriteTo"/>; throws <see cref="InvalidDataException"/> when it is corrupt.</summary>
    public static DecayedFrequencySketch ReadFrom(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        byte version = reader.ReadByte();
        if (version != FormatVersion)
        {
            throw new InvalidDataException($"Unsupported DecayedFrequencySketch checkpoint version {version}.");
        }

        int capacity = reader.ReadInt32();
        int allocated = reader.ReadInt32();
        double rate = DecayMath.CheckRate(reader.ReadDouble());
        if (capacity <= 0 || allocated <= 0 || allocated > capacity)
        {
            throw new InvalidDataException("Corrupt DecayedFrequencySketch checkpoint: bad capacity.");
        }

        var sketch = new DecayedFrequencySketch(rate, capacity, allocated)
        {
            anchored = reader.ReadBoolean(),
            landmarkMs = reader.ReadInt64(),
            total = reader.ReadDouble(),
            everSeen = reader.ReadDouble(),
        };
        int distinct = reader.ReadInt32();
        if (distinct < 0 || distinct > allocated || !double.IsFinite(sketch.total) || sketch.total < 0)
        {
            throw new InvalidDataException("Corrupt DecayedFrequencySketch checkpoint: bad entry count or total.");
        }

        for (int i = 0; i < distinct; i++)
        {
            sketch.keys[i] = reader.ReadUInt64();
            sketch.counts[i] = reader.ReadSingle();
        }

        sketch.distinct = distinct;
        sketch.RebuildIndex();
        return sketch;
    }

    private double DecayFactor(long timestampMs) => DecayMath.Factor(timestampMs - landmarkMs, inverseHalfLifeMs);

    private double Scale(double weight, long timestampMs)
    {
        if (!anchored)
        {
            anchored = true;
            landmarkMs = timestampMs;
        }

        double exponent = (timestampMs - landmarkMs) * inverseHalfLifeMs;
        if (exponent > ReanchorHalfLives)
        {
            Reanchor(timestampMs);
            return weight; // 2^0
        }

        return weight * DecayMath.Exp2(timestampMs - landmarkMs, inverseHalfLifeMs);
    }

    private void Reanchor(long newLandmarkMs)
    {
        double factor = DecayMath.Factor(newLandmarkMs - landmarkMs, inverseHalfLifeMs);
        landmarkMs = newLandmarkMs;
        total *= factor;
        int kept = offset;
        for (int i = offset; i < offset + distinct; i++)
        {
            float value = (float)(counts[i] * factor);
            if (value > 0)
            {
                keys[kept] = keys[i];
                counts[kept] = value;
                kept++;
            }
        }

        kept -= offset;

        // Entries that underflowed (unseen for well over 100 half-lives) are dropped; their mass is in the total.
        if (kept != distinct)
        {
            distinct = kept;
            RebuildIndex();
        }
    }

    private void Insert(ulong key, double scaled)
    {
        if (distinct < allocated)
        {
            keys[offset + distinct] = key;
            counts[offset + distinct] = (float)scaled;
            IndexAdd(key, offset + distinct);
            distinct++;
            return;
        }

        if (distinct < capacity)
        {
            // Only a sketch that owns its arrays grows (one on shared storage has its whole capacity from the start).
            int size = Math.Min(capacity, Math.Max(MinimumGrowth, keys.Length * 2));
            Array.Resize(ref keys, size);
            Array.Resize(ref counts, size);
            allocated = size;
            keys[distinct] = key;
            counts[distinct] = (float)scaled;
            IndexAdd(key, distinct);
            distinct++;
            return;
        }

        Replace(IndexOfMinimum(), key, (float)scaled);
    }

    private void Replace(int position, ulong key, float value)
    {
        IndexRemove(keys[position]);
        keys[position] = key;
        counts[position] = value;
        IndexAdd(key, position);
    }

    private int Find(ulong key)
    {
        if (hashIndex is null)
        {
            // At most a few dozen keys, usually a handful: a plain loop beats the vectorised IndexOf's setup.
            var held = keys.AsSpan(offset, distinct);
            for (int i = 0; i < held.Length; i++)
            {
                if (held[i] == key)
                {
                    return offset + i;
                }
            }

            return -1;
        }

        int mask = hashIndex.Length - 1;
        for (int slot = Home(key); ; slot = (slot + 1) & mask)
        {
            int entry = hashIndex[slot];
            if (entry == 0)
            {
                return -1;
            }

            if (keys[entry - 1] == key)
            {
                return entry - 1;
            }
        }
    }

    private int Home(ulong key) => (int)((key * Fibonacci) >> (64 - BitOperations.Log2((uint)hashIndex!.Length)));

    private void IndexAdd(ulong key, int position)
    {
        if (hashIndex is null)
        {
            return;
        }

        int mask = hashIndex.Length - 1;
        int slot = Home(key);
        while (hashIndex[slot] != 0)
        {
            slot = (slot + 1) & mask;
        }

        hashIndex[slot] = position + 1;
    }

    // Backward-shift deletion (Knuth, TAOCP vol. 3, 6.4, Algorithm R) keeps probe chains intact without tombstones.
    private void IndexRemove(ulong key)
    {
        if (hashIndex is null)
        {
            return;
        }

        int mask = hashIndex.Length - 1;
        int hole = Home(key);
        while (keys[hashIndex[hole] - 1] != key)
        {
            hole = (hole + 1) & mask;
        }

        for (int next = (hole + 1) & mask; hashIndex[next] != 0; next = (next + 1) & mask)
        {
            int home = Home(keys[hashIndex[next] - 1]);

            // The entry at next may fill the hole unless its home lies cyclically in (hole, next].
            bool homeBetween = hole <= next ? home > hole && home <= next : home > hole || home <= next;
            if (!homeBetween)
            {
                hashIndex[hole] = hashIndex[next];
                hole = next;
            }
        }

        hashIndex[hole] = 0;
    }

    private void RebuildIndex()
    {
        if (hashIndex is null)
        {
            return;
        }

        Array.Clear(hashIndex);
        for (int i = 0; i < distinct; i++)
        {
            IndexAdd(keys[i], i);
        }
    }

    // First index of the smallest count. Vectorised because a full peer-group or tenant sketch (K = 512) of a
    // high-cardinality feature evicts on most events. One pass keeps, per lane, the smallest value and the first
    // index holding it (a strictly smaller value replaces it, an equal one does not); the lanes are then reduced to
    // the smallest value at the smallest index: the first index of the minimum, as a scalar scan finds it. Counts are
    // never NaN.
    private int IndexOfMinimum()
    {
        ReadOnlySpan<float> span = counts.AsSpan(offset, distinct);
        int width = Vector256<float>.Count;
        int best = 0;
        float min = span[0];
        int i = 1;
        if (Vector256.IsHardwareAccelerated && span.Length >= 2 * width)
        {
            ref float start = ref MemoryMarshal.GetReference(span);
            var mins = Vector256.LoadUnsafe(ref start);
            var index = Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7);
            var minIndex = index;
            var step = Vector256.Create(width);
            for (i = width; i <= span.Length - width; i += width)
            {
                index += step;
                var values = Vector256.LoadUnsafe(ref start, (nuint)i);
                var smaller = Vector256.LessThan(values, mins);
                mins = Vector256.ConditionalSelect(smaller, values, mins);
                minIndex = Vector256.ConditionalSelect(smaller.AsInt32(), index, minIndex);
            }

            min = mins[0];
            best = minIndex[0];
            for (int lane = 1; lane < width; lane++)
            {
                if (mins[lane] < min || (mins[lane] == min && minIndex[lane] < best))
                {
                    min = mins[lane];
                    best = minIndex[lane];
                }
            }
        }

        // The tail (or a short table) comes after every index seen so far: only a strictly smaller value moves it.
        for (; i < span.Length; i++)
        {
            if (span[i] < min)
            {
                min = span[i];
                best = i;
            }
        }

        return offset + best;
    }
}
