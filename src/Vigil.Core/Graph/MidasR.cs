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
    private readonly SketchCell[] _cells; // one cache line per cell: a row's counts, stamp and peaks are read together
    private readonly float[] _decayPowers;
    private readonly float[] _peakDayPowers;
    private readonly long _ticksPerDay;

    /// <summary>
    /// Creates empty sketches; <paramref name="buckets"/> is a power of two. A positive
    /// <paramref name="filterThreshold"/> turns on MIDAS-F's filtering (Bhatia et al., TKDD 2022): a key whose score
    /// reaches it is kept out of the totals (below); 0 is plain MIDAS-R.
    /// </summary>
    public MidasR(int rows, int buckets, double decay, long tickMs, ulong seed, double peakHalfLifeDays = 7, double filterThreshold = 0)
    {
        if (rows is < 1 or > 8 || buckets < 16 || !BitOperations.IsPow2(buckets) || decay is < 0 or >= 1 || tickMs < 1 || !(peakHalfLifeDays is >= 0.01 and <= 3650)
            || !(filterThreshold >= 0) || double.IsInfinity(filterThreshold))
        {
            throw new ArgumentOutOfRangeException(nameof(rows), "rows 1..8, buckets a power of two >= 16, decay in [0, 1), tick >= 1 ms, filter threshold finite and >= 0.");
        }

        FilterThreshold = filterThreshold;

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
        _cells = new SketchCell[cells];
        PeakHalfLifeDays = peakHalfLifeDays;
        _peakDayPowers = new float[PowerTableLength];
        _ticksPerDay = Math.Max(1, 86_400_000L / tickMs);
        _decayPowers = new float[PowerTableLength];
        for (int k = 0; k < PowerTableLength; k++)
        {
            _decayPowers[k] = (float)Math.Pow(decay, k);
            _peakDayPowers[k] = (float)Math.Pow(0.5, k / peakHalfLifeDays);
        }
    }

    public int Rows => _rows;

    public int Buckets => 1 << _bucketBits;

    public ulong Seed { get; }

    /// <summary>
    /// MIDAS-F's threshold (0: off, plain MIDAS-R). A key (edge, source or destination) whose chi-squared score reaches
    /// it adds to its total only the share of its mean per tick that this edge is of the current count (s / t / a),
    /// not 1: a burst adds about one mean tick, as in the authors' code, where an anomalous cell's total grows by
    /// total / (t - 1) instead of its current count. So an attack that goes on does not become the key's normal and
    /// keeps scoring. Not written to the checkpoint: a setting, restored from the options.
    /// </summary>
    public double FilterThreshold { get; }

    public double Decay { get; }

    public long TickMs { get; }

    /// <summary>Half-life of each source's past peak current count, days (a week by default).</summary>
    public double PeakHalfLifeDays { get; }

    /// <summary>Tick of the first edge (MIDAS counts time from 1 at the start of the stream); long.MinValue before any.</summary>
    public long OriginTick { get; private set; } = long.MinValue;

    /// <summary>Edges counted.</summary>
    public long EdgeCount { get; private set; }

    /// <summary>Bytes held by the sketches.</summary>
    public int ApproximateBytes => (_cells.Length * SketchCell.Size) + (2 * PowerTableLength * sizeof(float));

    /// <summary>The scores the edge would get if it were counted now (the count includes the edge itself, as in MIDAS); changes nothing.</summary>
    public EdgeScore Score(ulong source, ulong destination, long timestampMs)
    {
        Span<int> cells = stackalloc int[3 * _rows];
        Locate(cells, source, destination);
        var (tick, t) = Ticks(timestampMs);
        return ScoreAt(cells, tick, t);
    }

    /// <summary>Counts the edge: one update of each sketch.</summary>
    public void Add(ulong source, ulong destination, long timestampMs)
    {
        Span<int> cells = stackalloc int[3 * _rows];
        Locate(cells, source, destination);
        var (tick, t) = Ticks(timestampMs);
        AddAt(cells, tick, FilterThreshold > 0 ? ScoreAt(cells, tick, t) : default);
    }

    /// <summary>Scores then counts the edge, the reference model's single pass: the cells are hashed once for both.</summary>
    public EdgeScore ScoreAndAdd(ulong source, ulong destination, long timestampMs)
    {
        Span<int> cells = stackalloc int[3 * _rows];
        Locate(cells, source, destination);
        var (tick, t) = Ticks(timestampMs);
        var score = ScoreAt(cells, tick, t);
        AddAt(cells, tick, score);
        return score;
    }

    /// <summary>The cell of each row of each sketch: edges, then sources, then destinations.</summary>
    private void Locate(Span<int> cells, ulong source, ulong destination)
    {
        ulong edge = EdgeKey(source, destination);
        int rowLength = 1 << _bucketBits;
        int sketchLength = _rows * rowLength;
        for (int r = 0; r < _rows; r++)
        {
            int row = r * rowLength;
            cells[r] = row + Bucket(edge, r);
            cells[_rows + r] = sketchLength + row + Bucket(source, r);
            cells[(2 * _rows) + r] = (2 * sketchLength) + row + Bucket(destination, r);
        }
    }

    private EdgeScore ScoreAt(ReadOnlySpan<int> cells, long tick, double t)
    {
        int stamp = Stamp(tick);
        int day = DayOf(stamp);
        Span<float> current = stackalloc float[3];
        Span<double> total = stackalloc double[3];
        Span<float> peak = stackalloc float[3];
        for (int k = 0; k < 3; k++)
        {
            float a = float.MaxValue, p = float.MaxValue;
            double s = double.MaxValue;
            for (int r = 0; r < _rows; r++)
            {
                int i = cells[(k * _rows) + r];
                a = Math.Min(a, Decayed(i, stamp));
                s = Math.Min(s, _cells[i].Total);
                p = Math.Min(p, PastPeak(i, day));
            }

            // The count includes the edge itself, as after MIDAS's update: the least over rows of (cell + 1).
            current[k] = a + 1;
            total[k] = s + 1;
            peak[k] = p;
        }

        return new EdgeScore(
            ChiSquared(current[0], total[0], t), current[0], (float)(total[0] / t),
            ChiSquared(current[1], total[1], t), current[1], (float)(total[1] / t),
            ChiSquared(current[2], total[2], t), current[2], (float)(total[2] / t))
        {
            EdgePeak = peak[0],
            SourcePeak = peak[1],
            DestinationPeak = peak[2],
        };
    }

    private void AddAt(ReadOnlySpan<int> cells, long tick, in EdgeScore score)
    {
        if (OriginTick == long.MinValue)
        {
            OriginTick = tick;
        }

        EdgeCount++;
        int stamp = Stamp(tick);
        int day = DayOf(stamp);
        for (int k = 0; k < 3; k++)
        {
            double count = FilterThreshold > 0 ? FilteredCount(score, k) : 1;
            float estimate = float.MaxValue;
            for (int r = 0; r < _rows; r++)
            {
                int i = cells[(k * _rows) + r];
                float value = Decayed(i, stamp) + 1;
                _cells[i].Current = value;
                _cells[i].Tick = Math.Max(_cells[i].Tick, stamp);
                _cells[i].Total += count;
                estimate = Math.Min(estimate, value);
            }

            for (int r = 0; r < _rows; r++)
            {
                RaisePeak(cells[(k * _rows) + r], day, estimate);
            }
        }
    }

    /// <summary>What the edge adds to sketch <paramref name="k"/>'s totals under MIDAS-F: 1, or for an anomalous key its mean per tick shared by the current count.</summary>
    private double FilteredCount(in EdgeScore s, int k)
    {
        var (score, current, mean) = k switch
        {
            Edges => (s.Edge, s.EdgeCurrent, s.EdgeMean),
            Sources => (s.Source, s.SourceCurrent, s.SourceMean),
            _ => (s.Destination, s.DestinationCurrent, s.DestinationMean),
        };
        return score < FilterThreshold ? 1 : mean / Math.Max(1, current);
    }

    /// <summary>
    /// Each cell also keeps the largest current count its keys reached in earlier days (a week's half-life), read as
    /// a count-min estimate like the others, so collisions only raise it. The graph detector asks a burst to exceed
    /// the key's own past peaks, which MIDAS does not: a nightly batch job's burst is then its habit, not an anomaly.
    /// The day in progress only counts from the next day on, so a burst never raises the bar it is judged against.
    /// </summary>
    private void RaisePeak(int i, int day, float current)
    {
        if (day > _cells[i].Day)
        {
            // A new day: the stored day's maximum joins the past peaks.
            _cells[i].Peak = PastPeak(i, day);
            _cells[i].Today = 0;
            _cells[i].Day = day;
        }

        _cells[i].Today = Math.Max(_cells[i].Today, current);
    }

    /// <summary>The cell's peak from days before <paramref name="day"/>, decayed to it.</summary>
    private float PastPeak(int i, int day)
    {
        int elapsed = day - _cells[i].Day;
        if (elapsed <= 0)
        {
            return _cells[i].Peak;
        }

        // The stored day's own maximum is past now too; both decay from the stored day.
        float peak = Math.Max(_cells[i].Peak, _cells[i].Today);
        return peak == 0 ? 0
            : elapsed < PowerTableLength ? peak * _peakDayPowers[elapsed]
            : (float)(peak * Math.Pow(0.5, elapsed / PeakHalfLifeDays));
    }

    private int DayOf(int stamp) => (int)(stamp / _ticksPerDay);

    /// <summary>The chi-squared statistic of MIDAS (eq. 4): current count <paramref name="a"/> against the mean s/t of the total <paramref name="s"/> over t ticks.</summary>
    public static double ChiSquared(double a, double s, double t) =>
        s <= 0 || t <= 1 ? 0 : (a - (s / t)) * (a - (s / t)) * t * t / (s * (t - 1));

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

    private float Decayed(int i, int stamp)
    {
        float value = _cells[i].Current;
        if (value == 0)
        {
            return 0;
        }

        long elapsed = stamp - (long)_cells[i].Tick;
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
        for (int i = 0; i < _cells.Length; i++)
        {
            used += _cells[i].Total != 0 ? 1 : 0;
        }

        w.Write(used);
        for (int i = 0; i < _cells.Length; i++)
        {
            if (_cells[i].Total != 0)
            {
                w.Write(i);
                w.Write(_cells[i].Current);
                w.Write(_cells[i].Tick);
                w.Write(_cells[i].Total);
            }
        }

        int peaks = 0;
        for (int i = 0; i < _cells.Length; i++)
        {
            peaks += _cells[i].Peak != 0 || _cells[i].Today != 0 ? 1 : 0;
        }

        w.Write(peaks);
        for (int i = 0; i < _cells.Length; i++)
        {
            if (_cells[i].Peak != 0 || _cells[i].Today != 0)
            {
                w.Write(i);
                w.Write(_cells[i].Peak);
                w.Write(_cells[i].Today);
                w.Write(_cells[i].Day);
            }
        }
    }

    /// <summary>Reads sketches written by <see cref="WriteTo"/>; <paramref name="filterThreshold"/> is the setting in force (not stored).</summary>
    public static MidasR ReadFrom(BinaryReader r, double filterThreshold = 0)
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
            sketch = new MidasR(rows, buckets, decay, tickMs, seed, peakHalfLife, filterThreshold);
        }
        catch (ArgumentOutOfRangeException ex)
        {
            throw new InvalidDataException("Graph sketch in the checkpoint is malformed: " + ex.Message, ex);
        }

        sketch.OriginTick = r.ReadInt64();
        sketch.EdgeCount = r.ReadInt64();
        int used = r.ReadInt32();
        if (used < 0 || used > sketch._cells.Length)
        {
            throw new InvalidDataException("Graph sketch in the checkpoint is malformed: cell count out of range.");
        }

        for (int n = 0; n < used; n++)
        {
            int i = r.ReadInt32();
            if ((uint)i >= (uint)sketch._cells.Length)
            {
                throw new InvalidDataException("Graph sketch in the checkpoint is malformed: cell index out of range.");
            }

            sketch._cells[i].Current = r.ReadSingle();
            sketch._cells[i].Tick = r.ReadInt32();
            sketch._cells[i].Total = r.ReadDouble();
        }

        int peaks = r.ReadInt32();
        if (peaks < 0 || peaks > sketch._cells.Length)
        {
            throw new InvalidDataException("Graph sketch in the checkpoint is malformed: peak count out of range.");
        }

        for (int n = 0; n < peaks; n++)
        {
            int i = r.ReadInt32();
            if ((uint)i >= (uint)sketch._cells.Length)
            {
                throw new InvalidDataException("Graph sketch in the checkpoint is malformed: peak index out of range.");
            }

            sketch._cells[i].Peak = r.ReadSingle();
            sketch._cells[i].Today = r.ReadSingle();
            sketch._cells[i].Day = r.ReadInt32();
        }

        return sketch;
    }
}
