using System.Text;
using Vigil.Core.Graph;

namespace Vigil.Core.Tests.Graph;

public sealed class MidasRTests
{
    private const long Minute = 60_000;
    private const long T0 = 1_764_000_000_000 - (1_764_000_000_000 % Minute);

    private static MidasR New(ulong seed = 7, int buckets = 4096) => new(rows: 2, buckets, decay: 0.5, tickMs: Minute, seed);

    /// <summary>
    /// MIDAS-R written out with exact counts per key (no sketch), straight from the paper: current counts decay by
    /// alpha per tick, totals do not, score = max of the chi-squared of edge, source and destination.
    /// </summary>
    private sealed class ExactMidasR(double decay)
    {
        private readonly Dictionary<string, (double Current, long Tick, double Total)> _counts = [];
        private long _origin = long.MinValue;

        public double ScoreAndAdd(ulong u, ulong v, long ms)
        {
            long tick = ms / Minute;
            if (_origin == long.MinValue)
            {
                _origin = tick;
            }

            double t = tick - _origin + 1;
            double Bump(string key)
            {
                var (current, at, total) = _counts.GetValueOrDefault(key, (0, tick, 0));
                current = (current * Math.Pow(decay, tick - at)) + 1;
                _counts[key] = (current, tick, total + 1);
                return MidasR.ChiSquared(current, total + 1, t);
            }

            return Math.Max(Bump($"e{u}-{v}"), Math.Max(Bump($"s{u}"), Bump($"d{v}")));
        }
    }

    private static IEnumerable<(ulong U, ulong V, long Ms)> Stream(int seed, int edges)
    {
        var random = new Random(seed);
        for (int i = 0; i < edges; i++)
        {
            // 40 sources each reaching three of 30 destinations, 5 edges a minute, and a burst of one pair every 200 edges.
            bool burst = i % 200 is >= 190;
            int u = random.Next(40);
            ulong v = 1000UL + (ulong)(((u * 7) + random.Next(3)) % 30);
            yield return (burst ? 3UL : (ulong)u, burst ? 1003UL : v, T0 + (i / 5 * Minute));
        }
    }

    [Fact]
    public void ChiSquared_PaperFormula_MatchesByHand()
    {
        // a = 10 in the current tick, s = 20 over t = 10 ticks: (10 - 2)^2 * 100 / (20 * 9) = 35.56
        Assert.Equal(6400.0 / 180, MidasR.ChiSquared(10, 20, 10), 9);
        Assert.Equal(0, MidasR.ChiSquared(1, 1, 1)); // the first tick carries no information
        Assert.Equal(0, MidasR.ChiSquared(0, 0, 5));
    }

    [Fact]
    public void ScoreAndAdd_FewKeysWideSketch_EqualsExactCountsFromThePaper()
    {
        var sketch = New(buckets: 1 << 16);
        var exact = new ExactMidasR(0.5);

        foreach (var (u, v, ms) in Stream(3, 3000))
        {
            double expected = exact.ScoreAndAdd(u, v, ms);
            Assert.Equal(expected, sketch.ScoreAndAdd(u, v, ms).Max, expected * 1e-5 + 1e-6);
        }
    }

    [Fact]
    public void ScoreAndAdd_BurstOnOnePair_ScoresFarAboveSteadyTraffic()
    {
        var sketch = New();
        var steady = new List<double>();
        double burst = 0;
        foreach (var (u, v, ms) in Stream(5, 2000))
        {
            double score = sketch.ScoreAndAdd(u, v, ms).Edge;
            if (u == 3 && v == 1003)
            {
                burst = Math.Max(burst, score);
            }
            else if (ms > T0 + (100 * Minute))
            {
                steady.Add(score);
            }
        }

        // Not the steady maximum: a pair first seen late scores t - 1 on its own (novelty, in MIDAS's design).
        steady.Sort();
        double p95 = steady[steady.Count * 95 / 100];
        Assert.True(burst > 3 * p95, $"burst {burst:0.0} vs steady 95th percentile {p95:0.0}");
    }

    [Fact]
    public void Score_ReadOnly_DoesNotChangeWhatFollows()
    {
        var a = New();
        var b = New();
        foreach (var (u, v, ms) in Stream(9, 500))
        {
            _ = b.Score(u + 1, v, ms); // probes that never happened
            Assert.Equal(a.ScoreAndAdd(u, v, ms), b.ScoreAndAdd(u, v, ms));
        }
    }

    [Fact]
    public void ScoreAndAdd_SameSeedSameStream_SameScores_OtherSeedStillDetects()
    {
        var first = New(seed: 11, buckets: 256);
        var second = New(seed: 11, buckets: 256);
        var other = New(seed: 12, buckets: 256);
        double otherBurst = 0;
        foreach (var (u, v, ms) in Stream(4, 1000))
        {
            Assert.Equal(first.ScoreAndAdd(u, v, ms), second.ScoreAndAdd(u, v, ms));
            var score = other.ScoreAndAdd(u, v, ms);
            otherBurst = u == 3 && v == 1003 ? Math.Max(otherBurst, score.Edge) : otherBurst;
        }

        Assert.True(otherBurst > 50);
    }

    [Fact]
    public void ScoreAndAdd_LongSilence_DecaysCurrentCountToZero()
    {
        var sketch = New();
        for (int i = 0; i < 20; i++)
        {
            sketch.Add(1, 2, T0);
        }

        var after = sketch.Score(1, 2, T0 + (8 * 60 * Minute)); // eight idle hours: 0.5^480 of the burst is left

        Assert.Equal(1f, after.EdgeCurrent);
    }

    [Fact]
    public void WriteThenRead_MidStream_ScoresTheRestIdentically()
    {
        var original = New();
        var edges = Stream(6, 1500).ToList();
        foreach (var (u, v, ms) in edges.Take(700))
        {
            original.Add(u, v, ms);
        }

        using var bytes = new MemoryStream();
        using (var w = new BinaryWriter(bytes, Encoding.UTF8, leaveOpen: true))
        {
            original.WriteTo(w);
        }

        bytes.Position = 0;
        using var r = new BinaryReader(bytes);
        var restored = MidasR.ReadFrom(r);

        Assert.Equal(original.EdgeCount, restored.EdgeCount);
        foreach (var (u, v, ms) in edges.Skip(700))
        {
            Assert.Equal(original.ScoreAndAdd(u, v, ms), restored.ScoreAndAdd(u, v, ms));
        }
    }

    [Fact]
    public void ReadFrom_CellIndexOutOfRange_InvalidData()
    {
        using var bytes = new MemoryStream();
        using (var w = new BinaryWriter(bytes, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(2);
            w.Write(256);
            w.Write(0.5);
            w.Write(Minute);
            w.Write(1UL);
            w.Write(7.0);
            w.Write(0L);
            w.Write(1L);
            w.Write(1);
            w.Write(int.MaxValue); // no such cell
            w.Write(1f);
            w.Write(0);
            w.Write(1.0);
        }

        bytes.Position = 0;
        using var r = new BinaryReader(bytes);
        Assert.Throws<InvalidDataException>(() => MidasR.ReadFrom(r));
    }

    [Fact]
    public void ScoreAndAdd_SustainedBurstWithFiltering_KeepsScoringWhereMidasRLearnsIt()
    {
        var plain = New();
        var filtered = new MidasR(rows: 2, buckets: 4096, decay: 0.5, tickMs: Minute, seed: 7, filterThreshold: 1e3);
        long t = 0;
        for (int tick = 0; tick < 200; tick++, t += Minute)
        {
            plain.ScoreAndAdd(1, 100 + (ulong)(tick % 5), t);
            filtered.ScoreAndAdd(1, 100 + (ulong)(tick % 5), t);
        }

        // Source 2 bursts on host 9, 40 edges a minute for 30 minutes: its totals under MIDAS-R grow with the burst.
        double lastPlain = 0, lastFiltered = 0, firstPlain = 0, firstFiltered = 0;
        for (int tick = 0; tick < 30; tick++, t += Minute)
        {
            for (int k = 0; k < 40; k++)
            {
                lastPlain = plain.ScoreAndAdd(2, 9, t + k).Max;
                lastFiltered = filtered.ScoreAndAdd(2, 9, t + k).Max;
                if (tick == 0 && k == 0)
                {
                    (firstPlain, firstFiltered) = (lastPlain, lastFiltered);
                }
            }
        }

        Assert.Equal(firstPlain, firstFiltered, 6); // the same until the first anomalous key is kept out
        Assert.True(lastFiltered > 10 * lastPlain, $"filtered {lastFiltered:0} vs plain {lastPlain:0}");
        Assert.Equal(0, New().FilterThreshold);
    }

    [Fact]
    public void Constructor_NegativeOrInfiniteFilterThreshold_Refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new MidasR(2, 1024, 0.5, Minute, 1, filterThreshold: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MidasR(2, 1024, 0.5, Minute, 1, filterThreshold: double.PositiveInfinity));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MidasR(2, 1024, 0.5, Minute, 1, filterThreshold: double.NaN));
    }

    [Fact]
    public void ScoreAndAdd_SteadyState_AllocatesNothing()
    {
        var sketch = New();
        var edges = Stream(8, 5000).ToArray();
        double sum = 0;
        foreach (var (u, v, ms) in edges.AsSpan(0, 500))
        {
            sum += sketch.ScoreAndAdd(u, v, ms).Max;
        }

        long allocated = long.MaxValue;
        for (int round = 0; round < 3; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            foreach (var (u, v, ms) in edges.AsSpan(500 + (round * 1500), 1500))
            {
                sum += sketch.ScoreAndAdd(u, v, ms).Max;
            }

            allocated = Math.Min(allocated, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        Assert.Equal(0, allocated);
        Assert.True(sum > 0);
    }

    [Fact]
    public void ApproximateBytes_FixedWhateverTheStream()
    {
        var sketch = New(buckets: 2048);
        int before = sketch.ApproximateBytes;
        foreach (var (u, v, ms) in Stream(2, 3000))
        {
            sketch.Add(u * 1_000_003, v, ms);
        }

        Assert.Equal(before, sketch.ApproximateBytes);
        Assert.Equal((3 * 2 * 2048 * 32) + (2 * 128 * 4), before); // three sketches of 2 x 2,048 cells of 32 bytes, and the decay tables
    }
}
