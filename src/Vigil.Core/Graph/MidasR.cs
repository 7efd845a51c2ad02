using System.Numerics;
using System.Runtime.CompilerServices;

namespace Vigil.Core.Graph;

/// <summary>
/// Streaming edge anomaly after MIDAS-R (Bhatia, Hooi, Yoon, Shin and Faloutsos, "MIDAS: Microcluster-Based Detector
/// of Anomalies in Edge Streams", AAAI 2020): count-min sketches of the current (decayed) and total count of each
/// edge (source, destination) and of each endpoint, and a chi-squared score of the current count against the total's
/// mean per tick. Memory is fixed at construction (six sketches of rows x buckets); one update is a few hashes and
/// array reads, allocation-free; hashing is seeded, so the same stream and seed give the same scores on any host.
/// </summary>
/// <remarks>
/// One deliberate difference from the authors' code: the current counts decay by <c>decay^(ticks elapsed)</c>, kept
/// lazily per bucket, instead of one multiplication of every bucket whenever the timestamp changes. The two agree on
/// a stream with an edge every tick (as in the paper's datasets); on an identity stream with quiet nights a burst
/// after eight idle hours is judged against zero, not against the count of the last busy minute, and no event pays
/// for a sweep of every bucket.
/// Not thread-safe: the engine holds the tenant's graph lock around every call.
/// </remarks>
internal sealed class MidasR
{
    private const int Edges = 0;
    private const int Sources = 1;
    private const int Destinations = 2;
    private const int PowerTableLength = 128;

    private readonly int _rows;
    private readonly int _bucketBits;
    private readonly ulong[] _rowSeeds;
    private readonly float[] _current;
    private readonly int[] _currentTick;
    private readonly double[] _total; // double: a float stops counting at 2^24
    private readonly float[] _decayPowers;
    private readonly float[] _sourcePeak;
    private readonly float[] _todayPeak;
    private readonly int[] _peakDay;
    private readonly float _peakDecayPerDay;
    private readonly long _ticksPerDay;

    /// <summary>Creates empty sketches; <paramref name="buckets"/> is a power of two.</summary>
    public MidasR(int rows, int buckets, double decay, long tickMs, ulong seed, double peakHalfLifeDays = 7)
    {
        if (rows is < 1 or > 8 || buckets < 16 || !BitOperations.IsPow2(buckets) || decay is < 0 or >= 1 || tickMs < 1 || !(peakHalfLifeDays is >= 0.01 and <= 3650))
        {
            throw new ArgumentOutOfRangeException(nameof(rows), "rows 1..8, buckets a power of two >= 16, decay in [0, 1), tick >= 1 ms.");
        }

        _rows = rows;
        _bucketBits = BitOperations.Log2((uint)buckets);
        Seed = seed;
        Decay = decay;
        TickMs = tickMs;
        _rowSeeds = new ulong[rows];
        ulong state = seed;
        for (int r = 0; r < rows; r++)
        {
            // SplitMix64 (Steele, Lea and Flood 2014) turns one seed into independent row seeds; odd for multiply-shift.
            state += 0x9E3779B97F4A7C15UL;
            _rowSeeds[r] = Mix(state) | 1UL;
        }

        int cells = 3 * rows * buckets;
        _current = new float[cells];
        _currentTick = new int[cells];
        _total = new double[cells];
        _sourcePeak = new float[cells];
        _todayPeak = new float[cells];
        _peakDay = new int[cells];
        PeakHalfLifeDays = peakHalfLifeDays;
        _peakDecayPerDay = (float)(Math.Log(2) / peakHalfLifeDays);
        _ticksPerDay = Math.Max(1, 86_400_000L / tickMs);
        _decayPowers = new float[PowerTableLength];
        for (int k = 0; k < PowerTableLength; k++)
        {
            _decayPowers[k] = (float)Math.Pow(decay, k);
        }
    }

    public int Rows => _rows;

    public int Buckets => 1 << _bucketBits;

    public ulong Seed { get; }

    public double Decay { get; }

    public long TickMs { get; }

    /// <summary>Half-life of each source's past peak current count, days (a week by default).</summary>
    public double PeakHalfLifeDays { get; }

    /// <summary>Tick of the first edge (MIDAS counts time from 1 at the start of the stream); long.MinValue before any.</summary>
    public long OriginTick { get; private set; } = long.MinValue;

    /// <summary>Edges counted.</summary>
    public long EdgeCount { get; private set; }

    /// <summary>Bytes held by the sketches.</summary>
    public int ApproximateBytes => (_current.Length * (sizeof(float) + sizeof(int) + sizeof(double)))
        + (_sourcePeak.Length * (sizeof(float) + sizeof(float) + sizeof(int))) + (PowerTableLength * sizeof(float)); // 28 bytes a cell

    /// <summary>The scores the edge would get if it were counted now (the count includes the edge itself, as in MIDAS); changes nothing.</summary>
    public EdgeScore Score(ulong source, ulong destination, long timestampMs)
    {
        var (tick, t) = Ticks(timestampMs);
        ulong edge = EdgeKey(source, destination);
        var (edgeA, edgeS) = Estimate(Edges, edge, tick);
        var (srcA, srcS) = Estimate(Sources, source, tick);
        var (dstA, dstS) = Estimate(Destinations, destination, tick);
        return Build(edgeA + 1, edgeS + 1, srcA + 1, srcS + 1, dstA + 1, dstS + 1, t) with
        {
            EdgePeak = Peak(Edges, edge, tick),
            SourcePeak = Peak(Sources, source, tick),
            DestinationPeak = Peak(Destinations, destination, tick),
        };
    }

    /// <summary>Counts the edge: one update of each sketch.</summary>
    public void Add(ulong source, ulong destination, long timestampMs)
    {
        var (tick, _) = Ticks(timestampMs);
        if (OriginTick == long.MinValue)
        {
            OriginTick = tick;
        }

        EdgeCount++;
        ulong edge = EdgeKey(source, destination);
        Increment(Edges, edge, tick);
        Increment(Sources, source, tick);
        Increment(Destinations, destination, tick);
        RaisePeak(Edges, edge, tick, Estimate(Edges, edge, tick).Current);
        RaisePeak(Sources, source, tick, Estimate(Sources, source, tick).Current);
        RaisePeak(Destinations, destination, tick, Estimate(Destinations, destination, tick).Current);
    }

    /// <summary>
    /// The largest current count the key (edge, source or destination) reached in earlier days (a week's half-life),
    /// a count-min estimate like the others, so collisions only raise it. The graph detector asks a burst to exceed the
    /// key's own past peaks, which MIDAS does not: a nightly batch job's burst is then its habit, not an anomaly. The
    /// day in progress only counts from the next day on, so a burst never raises the bar it is judged against.
    /// </summary>
    private float Peak(int sketch, ulong key, long tick)
    {
        float peak = float.MaxValue;
        int day = DayOf(tick);
        int baseIndex = sketch * _rows << _bucketBits;
        for (int r = 0; r < _rows; r++)
        {
            int i = baseIndex + (r << _bucketBits) + Bucket(key, r);
            peak = Math.Min(peak, PastPeak(i, day));
        }

        return peak;
    }

    private void RaisePeak(int sketch, ulong key, long tick, float current)
    {
        int day = DayOf(tick);
        int baseIndex = sketch * _rows << _bucketBits;
        for (int r = 0; r < _rows; r++)
        {
            int i = baseIndex + (r << _bucketBits) + Bucket(key, r);
            if (day > _peakDay[i])
            {
                // A new day: yesterday's maximum joins the past peaks.
                _sourcePeak[i] = PastPeak(i, day);
                _todayPeak[i] = 0;
                _peakDay[i] = day;
            }

            _todayPeak[i] = Math.Max(_todayPeak[i], current);
        }
    }

    /// <summary>The bucket's peak from days before <paramref name="day"/>, decayed to it.</summary>
    private float PastPeak(int i, int day)
    {
        int elapsed = day - _peakDay[i];
        if (elapsed <= 0)
        {
            return _sourcePeak[i];
        }

        // The stored day's own maximum is past now too; both decay from the stored day.
        float peak = Math.Max(_sourcePeak[i], _todayPeak[i]);
        return peak == 0 ? 0 : peak * MathF.Exp(-_peakDecayPerDay * elapsed);
    }

    private int DayOf(long tick) => (int)(Stamp(tick) / _ticksPerDay);

    /// <summary>Scores then counts the edge, the reference model's single pass.</summary>
    public EdgeScore ScoreAndAdd(ulong source, ulong destination, long timestampMs)
    {
        var score = Score(source, destination, timestampMs);
        Add(source, destination, timestampMs);
        return score;
    }

    /// <summary>The chi-squared statistic of MIDAS (eq. 4): current count <paramref name="a"/> against the mean s/t of the total <paramref name="s"/> over t ticks.</summary>
    public static double ChiSquared(double a, double s, double t) =>
        s <= 0 || t <= 1 ? 0 : (a - (s / t)) * (a - (s / t)) * t * t / (s * (t - 1));

    private static EdgeScore Build(float edgeA, double edgeS, float srcA, double srcS, float dstA, double dstS, double t) => new(
        ChiSquared(edgeA, edgeS, t), edgeA, (float)(edgeS / t),
        ChiSquared(srcA, srcS, t), srcA, (float)(srcS / t),
        ChiSquared(dstA, dstS, t), dstA, (float)(dstS / t));

    /// <summary>The absolute tick and MIDAS's t (1 at the first edge's tick; an event before it counts as tick 1).</summary>
    private (long Tick, double T) Ticks(long timestampMs)
    {
        long tick = Math.DivRem(timestampMs, TickMs, out long rest);
        if (rest < 0)
        {
            tick--; // floor for times before 1970
        }

        long origin = OriginTick == long.MinValue ? tick : OriginTick;
        return (tick, Math.Max(1, tick - origin + 1));
    }

    /// <summary>Count-min estimates (the least over rows) of the decayed current count and the total for a key.</summary>
    private (float Current, double Total) Estimate(int sketch, ulong key, long tick)
    {
        float current = float.MaxValue;
        double total = double.MaxValue;
        int rowLength = 1 << _bucketBits;
        int baseIndex = sketch * _rows * rowLength;
        for (int r = 0; r < _rows; r++)
        {
            int i = baseIndex + (r * rowLength) + Bucket(key, r);
            current = Math.Min(current, Decayed(i, tick));
            total = Math.Min(total, _total[i]);
        }

        return (current, total);
    }

    private void Increment(int sketch, ulong key, long tick)
    {
        int rowLength = 1 << _bucketBits;
        int baseIndex = sketch * _rows * rowLength;
        int stamp = Stamp(tick);
        for (int r = 0; r < _rows; r++)
        {
            int i = baseIndex + (r * rowLength) + Bucket(key, r);
            _current[i] = Decayed(i, tick) + 1;
            _currentTick[i] = Math.Max(_currentTick[i], stamp);
            _total[i] += 1;
        }
    }

    private float Decayed(int i, long tick)
    {
        float value = _current[i];
        if (value == 0)
        {
            return 0;
        }

        long elapsed = Stamp(tick) - (long)_currentTick[i];
        return elapsed <= 0 ? value
            : elapsed < PowerTableLength ? value * _decayPowers[elapsed]
            : (float)(value * Math.Pow(Decay, elapsed));
    }

    /// <summary>Ticks relative to the origin fit an int for 4,000 years of minutes; further ones saturate (and decay to zero) rather than wrap.</summary>
    private int Stamp(long tick) => OriginTick == long.MinValue ? 0 : (int)Math.Clamp(tick - OriginTick, int.MinValue + 1, int.MaxValue - 1);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Bucket(ulong key, int row) => (int)((key ^ (key >> 29)) * _rowSeeds[row] >> (64 - _bucketBits));

    private static ulong EdgeKey(ulong source, ulong destination) => Mix(source ^ (destination * 0x9E3779B97F4A7C15UL) ^ 0xD6E8FEB86659FD93UL);

    /// <summary>The SplitMix64 finaliser: every input bit moves every output bit.</summary>
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public void WriteTo(BinaryWriter w)
    {
        w.Write(_rows);
        w.Write(Buckets);
        w.Write(Decay);
        w.Write(TickMs);
        w.Write(Seed);
        w.Write(PeakHalfLifeDays);
        w.Write(OriginTick);
        w.Write(EdgeCount);
        // Only occupied cells: a young tenant's sketches are mostly zero.
        int used = 0;
        for (int i = 0; i < _current.Length; i++)
        {
            used += _total[i] != 0 ? 1 : 0;
        }

        w.Write(used);
        for (int i = 0; i < _current.Length; i++)
        {
            if (_total[i] != 0)
            {
                w.Write(i);
                w.Write(_current[i]);
                w.Write(_currentTick[i]);
                w.Write(_total[i]);
            }
        }

        int peaks = 0;
        for (int i = 0; i < _sourcePeak.Length; i++)
        {
            peaks += _sourcePeak[i] != 0 || _todayPeak[i] != 0 ? 1 : 0;
        }

        w.Write(peaks);
        for (int i = 0; i < _sourcePeak.Length; i++)
        {
            if (_sourcePeak[i] != 0 || _todayPeak[i] != 0)
            {
                w.Write(i);
                w.Write(_sourcePeak[i]);
                w.Write(_todayPeak[i]);
                w.Write(_peakDay[i]);
            }
        }
    }

    public static MidasR ReadFrom(BinaryReader r)
    {
        int rows = r.ReadInt32();
        int buckets = r.ReadInt32();
        double decay = r.ReadDouble();
        long tickMs = r.ReadInt64();
        ulong seed = r.ReadUInt64();
        double peakHalfLife = r.ReadDouble();
        MidasR sketch;
        try
        {
            sketch = new MidasR(rows, buckets, decay, tickMs, seed, peakHalfLife);
        }
        catch (ArgumentOutOfRangeException ex)
        {
            throw new InvalidDataException("Graph sketch in the checkpoint is malformed: " + ex.Message, ex);
        }

        sketch.OriginTick = r.ReadInt64();
        sketch.EdgeCount = r.ReadInt64();
        int used = r.ReadInt32();
        if (used < 0 || used > sketch._current.Length)
        {
            throw new InvalidDataException("Graph sketch in the checkpoint is malformed: cell count out of range.");
        }

        for (int n = 0; n < used; n++)
        {
            int i = r.ReadInt32();
            if ((uint)i >= (uint)sketch._current.Length)
            {
                throw new InvalidDataException("Graph sketch in the checkpoint is malformed: cell index out of range.");
            }

            sketch._current[i] = r.ReadSingle();
            sketch._currentTick[i] = r.ReadInt32();
            sketch._total[i] = r.ReadDouble();
        }

        int peaks = r.ReadInt32();
        if (peaks < 0 || peaks > sketch._sourcePeak.Length)
        {
            throw new InvalidDataException("Graph sketch in the checkpoint is malformed: peak count out of range.");
        }

        for (int n = 0; n < peaks; n++)
        {
            int i = r.ReadInt32();
            if ((uint)i >= (uint)sketch._sourcePeak.Length)
            {
                throw new InvalidDataException("Graph sketch in the checkpoint is malformed: peak index out of range.");
            }

            sketch._sourcePeak[i] = r.ReadSingle();
            sketch._todayPeak[i] = r.ReadSingle();
            sketch._peakDay[i] = r.ReadInt32();
        }

        return sketch;
    }
}
