using Vigil.Core.Statistics;

namespace Vigil.Core.Tests.Statistics;

public sealed class DecayedFrequencySketchTests
{
    private const long Day = 86_400_000;
    private const long T0 = 1_764_000_000_000; // 2025-11-24, an arbitrary recent instant

    [Fact]
    public void Count_AfterOneHalfLife_IsHalved()
    {
        var sketch = new DecayedFrequencySketch(16, halfLifeDays: 30);
        for (int i = 0; i < 4; i++)
        {
            sketch.Add(7, T0);
        }

        Assert.Equal(4, sketch.Count(7, T0), 6);
        Assert.Equal(2, sketch.Count(7, T0 + (30 * Day)), 6);
        Assert.Equal(1, sketch.Count(7, T0 + (60 * Day)), 6);
        Assert.Equal(2, sketch.Total(T0 + (30 * Day)), 6);
        Assert.Equal(4, sketch.EverSeenWeight);
    }

    [Fact]
    public void Count_EventsAtDifferentTimes_EachDecaysFromItsOwnTime()
    {
        var sketch = new DecayedFrequencySketch(16, halfLifeDays: 10);
        sketch.Add(1, T0);
        sketch.Add(1, T0 + (10 * Day));

        // 0.5 (one half-life old) + 1 (fresh).
        Assert.Equal(1.5, sketch.Count(1, T0 + (10 * Day)), 6);
    }

    [Fact]
    public void Count_AbsentKey_IsZeroAndDoesNotChangeTheSketch()
    {
        var sketch = new DecayedFrequencySketch(4, 30);
        sketch.Add(1, T0);

        Assert.Equal(0, sketch.Count(2, T0));
        Assert.Equal(1, sketch.Distinct);
        Assert.Equal(1, sketch.Total(T0), 9);
    }

    [Fact]
    public void Add_BeyondCapacity_KeepsHeavyHittersAndTotalIncludesEvictedMass()
    {
        var sketch = new DecayedFrequencySketch(4, 30);
        for (ulong heavy = 1; heavy <= 3; heavy++)
        {
            sketch.Add(heavy, T0, weight: 100);
        }

        for (ulong light = 1000; light < 1050; light++)
        {
            sketch.Add(light, T0 + 1000);
        }

        Assert.Equal(4, sketch.Distinct);
        for (ulong heavy = 1; heavy <= 3; heavy++)
        {
            Assert.Equal(100, sketch.Count(heavy, T0 + 1000), 3);
        }

        Assert.Equal(350, sketch.Total(T0 + 1000), 3);
        Assert.Equal(1, sketch.Count(1049, T0 + 1000), 3); // the newest light key holds the fourth slot
        Assert.Equal(0, sketch.Count(1000, T0 + 1000));     // older light keys were evicted
        Assert.Equal(100d / 350d, sketch.Frequency(1, T0 + 1000), 6);
    }

    [Fact]
    public void Add_NewKeyIntoLargeFullSketch_EvictsExactlyTheLightestKey()
    {
        var sketch = new DecayedFrequencySketch(64, 30);
        var random = new Random(17);
        ulong[] keys = Enumerable.Range(0, 64).Select(i => (ulong)i).OrderBy(_ => random.Next()).ToArray();
        for (int i = 0; i < keys.Length; i++)
        {
            sketch.Add(keys[i], T0, weight: 10 + ((keys[i] * 37) % 64));
        }

        ulong lightest = keys.MinBy(k => (k * 37) % 64);
        sketch.Add(999, T0);

        Assert.Equal(64, sketch.Distinct);
        Assert.Equal(0, sketch.Count(lightest, T0));
        Assert.Equal(1, sketch.Count(999, T0));
        Assert.All(keys.Where(k => k != lightest), k => Assert.Equal(10 + ((k * 37) % 64), sketch.Count(k, T0), 3));
    }

    [Fact]
    public void Add_HashIndexedAndScanningSketches_GiveIdenticalAnswers()
    {
        var indexed = new DecayedFrequencySketch(256, 2, 256, useHashIndex: true);
        var scanning = new DecayedFrequencySketch(256, 2, 256, useHashIndex: false);
        var otherIndexed = new DecayedFrequencySketch(256, 2, 256, useHashIndex: true);
        var otherScanning = new DecayedFrequencySketch(256, 2, 256, useHashIndex: false);
        var random = new Random(23);
        long t = T0;
        for (int i = 0; i < 30_000; i++)
        {
            // Heavy head plus a long churning tail; a gap of 200 half-lives forces a re-anchor midway.
            ulong key = random.Next(3) == 0 ? (ulong)random.Next(20) : (ulong)random.Next(5000);
            t += i == 15_000 ? 400 * Day : random.Next(60_000);
            float weight = 0.5f + (float)random.NextDouble();
            indexed.Add(key, t, weight);
            scanning.Add(key, t, weight);
            otherIndexed.Add(key ^ 0x5555, t, weight);
            otherScanning.Add(key ^ 0x5555, t, weight);
        }

        indexed.Merge(otherIndexed);
        scanning.Merge(otherScanning);
        DecayedFrequencySketch restored = RoundTrip(indexed);

        Assert.Equal(scanning.Distinct, indexed.Distinct);
        for (ulong key = 0; key < 5000; key++)
        {
            Assert.Equal(scanning.Count(key, t), indexed.Count(key, t));
            Assert.Equal(scanning.Count(key ^ 0x5555, t), indexed.Count(key ^ 0x5555, t));
            Assert.Equal(indexed.Count(key, t), restored.Count(key, t));
        }

        Assert.True(indexed.Count(3, t) > 0);
    }

    [Fact]
    public void Merge_DifferentHalfLives_Throws() =>
        Assert.Throws<ArgumentException>(() => new DecayedFrequencySketch(4, 30).Merge(new DecayedFrequencySketch(4, 7)));

    [Fact]
    public void Add_ManySmallIncrementsOnAHeavyKey_StillCountInExpectation()
    {
        // Float ulp at 1e8 is 8: round-to-nearest would drop every +1 and stay at 1e8.
        var sketch = new DecayedFrequencySketch(4, double.PositiveInfinity);
        sketch.Add(1, T0, weight: 1e8f);
        for (int i = 0; i < 4000; i++)
        {
            sketch.Add(1, T0 + i);
        }

        Assert.InRange(sketch.Count(1, T0 + 4000), 1e8 + 4000 - 800, 1e8 + 4000 + 800);
    }

    [Fact]
    public void Add_AfterHundredsOfHalfLives_StaysFiniteAndForgetsTheOldKey()
    {
        var sketch = new DecayedFrequencySketch(4, halfLifeDays: 1);
        sketch.Add(1, T0, weight: 1000);
        sketch.Add(2, T0 + (70 * Day));
        sketch.Add(2, T0 + (300 * Day));

        Assert.Equal(1, sketch.Count(2, T0 + (300 * Day)), 6);
        Assert.True(sketch.Count(1, T0 + (300 * Day)) < 1e-60);
        Assert.Equal(1, sketch.Total(T0 + (300 * Day)), 6);
    }

    [Fact]
    public void Add_WithGrowth_GrowsToCapacityOnlyAsKeysArrive()
    {
        var sketch = new DecayedFrequencySketch(16, 30, initialCapacity: 2);
        int small = sketch.ApproximateBytes;
        for (ulong key = 0; key < 20; key++)
        {
            sketch.Add(key, T0);
        }

        Assert.Equal(16, sketch.Distinct);
        Assert.Equal(new DecayedFrequencySketch(16, 30).ApproximateBytes, sketch.ApproximateBytes);
        Assert.True(small < sketch.ApproximateBytes);
    }

    [Fact]
    public void Merge_TwoStreams_EqualsAddingBothStreams()
    {
        var random = new Random(42);
        var left = new DecayedFrequencySketch(16, 30);
        var right = new DecayedFrequencySketch(16, 30);
        var both = new DecayedFrequencySketch(16, 30);
        for (int i = 0; i < 2000; i++)
        {
            ulong key = (ulong)(random.Next(10) * random.Next(2));
            long t = T0 + (i * 3_600_000L);
            (i % 3 == 0 ? left : right).Add(key, t);
            both.Add(key, t);
        }

        left.Merge(right);

        long now = T0 + (2100 * 3_600_000L);
        Assert.Equal(both.Distinct, left.Distinct);
        Assert.Equal(both.Total(now), left.Total(now), tolerance: 1e-9 * both.Total(now));
        Assert.Equal(both.EverSeenWeight, left.EverSeenWeight);
        for (ulong key = 0; key < 10; key++)
        {
            double expected = both.Count(key, now);
            Assert.Equal(expected, left.Count(key, now), tolerance: 1e-5 * expected);
        }
    }

    [Fact]
    public void Merge_UnionLargerThanCapacity_KeepsTheHeaviestKeys()
    {
        var a = new DecayedFrequencySketch(4, 30);
        var b = new DecayedFrequencySketch(4, 30);
        a.Add(1, T0, 50);
        a.Add(2, T0, 40);
        a.Add(3, T0, 1);
        a.Add(4, T0, 1);
        b.Add(5, T0 + Day, 60);
        b.Add(2, T0 + Day, 20);
        b.Add(6, T0 + Day, 2);
        b.Add(7, T0 + Day, 3);

        a.Merge(b);

        long now = T0 + Day;
        double decay = Math.Pow(2, -1d / 30);
        Assert.Equal(4, a.Distinct);
        Assert.Equal(50 * decay, a.Count(1, now), 3);
        Assert.Equal((40 * decay) + 20, a.Count(2, now), 3);
        Assert.Equal(60, a.Count(5, now), 3);
        Assert.Equal(3, a.Count(7, now), 3);
        Assert.Equal(0, a.Count(3, now));
        Assert.Equal((92 * decay) + 85, a.Total(now), 3);
    }

    [Fact]
    public void WriteTo_ReadFrom_AnswersIdenticallyAndKeepsEvolvingIdentically()
    {
        var original = new DecayedFrequencySketch(8, 14, initialCapacity: 2);
        var random = new Random(3);
        for (int i = 0; i < 500; i++)
        {
            original.Add((ulong)random.Next(20), T0 + (i * 600_000L), (float)random.NextDouble());
        }

        DecayedFrequencySketch copy = RoundTrip(original);

        long now = T0 + (600 * 600_000L);
        Assert.Equal(original.Distinct, copy.Distinct);
        Assert.Equal(original.EverSeenWeight, copy.EverSeenWeight);
        Assert.Equal(original.Total(now), copy.Total(now));
        Assert.Equal(original.ApproximateBytes, copy.ApproximateBytes);
        for (int i = 0; i < 100; i++)
        {
            original.Add((ulong)i, now + i);
            copy.Add((ulong)i, now + i);
        }

        for (ulong key = 0; key < 100; key++)
        {
            Assert.Equal(original.Count(key, now + 200), copy.Count(key, now + 200));
        }
    }

    [Fact]
    public void CopyTop_HeldKeys_ReturnsHeaviestFirst()
    {
        var sketch = new DecayedFrequencySketch(8, 30);
        sketch.Add(10, T0, 1);
        sketch.Add(20, T0, 5);
        sketch.Add(30, T0, 3);
        Span<ulong> keys = stackalloc ulong[8];
        Span<double> counts = stackalloc double[8];

        int all = sketch.CopyTop(keys, counts, T0);
        Assert.Equal(3, all);
        Assert.Equal(new ulong[] { 20, 30, 10 }, keys[..3].ToArray());
        Assert.Equal(5, counts[0], 6);

        int two = sketch.CopyTop(keys[..2], counts[..2], T0);
        Assert.Equal(2, two);
        Assert.Equal(new ulong[] { 20, 30 }, keys[..2].ToArray());
    }

    [Fact]
    public void ReadFrom_UnknownVersion_ThrowsInvalidData()
    {
        using var stream = new MemoryStream([99, 0, 0, 0]);
        using var reader = new BinaryReader(stream);

        Assert.Throws<InvalidDataException>(() => DecayedFrequencySketch.ReadFrom(reader));
    }

    private static DecayedFrequencySketch RoundTrip(DecayedFrequencySketch sketch)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            sketch.WriteTo(writer);
        }

        stream.Position = 0;
        using var reader = new BinaryReader(stream);
        return DecayedFrequencySketch.ReadFrom(reader);
    }
}
