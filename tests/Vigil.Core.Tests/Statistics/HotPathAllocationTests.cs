using Vigil.Core.Statistics;

namespace Vigil.Core.Tests.Statistics;

/// <summary>Steady-state hot paths must not allocate: observe an event, score a request.</summary>
public sealed class HotPathAllocationTests
{
    private const long T0 = 1_764_000_000_000;

    [Fact]
    public void SketchAddAndCount_SteadyStateWithEvictions_AllocateNothing()
    {
        var sketch = new DecayedFrequencySketch(16, 30);
        var peer = new DecayedFrequencySketch(512, 30);
        Run(sketch, peer, 0, 2000); // warm-up: fill, JIT

        long before = GC.GetAllocatedBytesForCurrentThread();
        double sum = Run(sketch, peer, 2000, 20_000);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.True(sum > 0);
    }

    [Fact]
    public void ProfileCountersAndMoments_AddAndQuery_AllocateNothing()
    {
        var profile = new HourOfWeekProfile(30);
        var moments = new RunningMoments(30);
        var counter = new SlidingWindowCounter(600_000, 10);
        var distinct = new DistinctInWindow(3_600_000, 32);
        Observe(profile, ref moments, counter, distinct, 0, 2000);

        long before = GC.GetAllocatedBytesForCurrentThread();
        double sum = Observe(profile, ref moments, counter, distinct, 2000, 20_000);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.True(sum > 0);
    }

    [Fact]
    public void HalfSpaceTreesScoreAndLearn_IncludingWindowSwaps_AllocateNothing()
    {
        var model = new HalfSpaceTrees(4, trees: 10, depth: 10, windowSize: 100, seed: 1);
        Span<double> x = stackalloc double[4];
        Stream(model, x, 0, 300);

        // The least of three rounds: a one-off allocation on this thread (the runtime promoting a method to its
        // optimised tier while the machine is busy) shows in one round, an allocating hot path in all of them.
        long allocated = long.MaxValue;
        double sum = 0;
        for (int round = 0; round < 3; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            sum += Stream(model, x, 300 + (round * 1700), 2000 + (round * 1700));
            allocated = Math.Min(allocated, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        Assert.Equal(0, allocated);
        Assert.True(sum >= 0);
        Assert.True(model.WindowsCompleted >= 20);
    }

    private static double Run(DecayedFrequencySketch sketch, DecayedFrequencySketch peer, int from, int to)
    {
        double sum = 0;
        for (int i = from; i < to; i++)
        {
            // Mostly a few usual values, every 7th a never-seen value that forces an eviction once full.
            ulong key = i % 7 == 0 ? StableHash.Combine(0xBAD, (ulong)i) : StableHash.Of("DE") ^ (ulong)(i % 10);
            long t = T0 + (i * 60_000L);
            sketch.Add(key, t);
            peer.Add((ulong)i % 1000, t);
            sum += sketch.Count(key, t) / Math.Max(1, sketch.Total(t)) + peer.Frequency((ulong)i % 1000, t);
        }

        return sum;
    }

    private static double Observe(HourOfWeekProfile profile, ref RunningMoments moments, SlidingWindowCounter counter, DistinctInWindow distinct, int from, int to)
    {
        double sum = 0;
        for (int i = from; i < to; i++)
        {
            long t = T0 + (i * 61_000L);
            sum += profile.Probability(t) + moments.ZScore(i % 17) + counter.Count(t) + distinct.Count(t);
            profile.Add(t);
            moments.Add(i % 17, t);
            counter.Add(t);
            distinct.Add((ulong)(i % 50), t);
        }

        return sum;
    }

    private static double Stream(HalfSpaceTrees model, Span<double> x, int from, int to)
    {
        double sum = 0;
        for (int i = from; i < to; i++)
        {
            for (int d = 0; d < x.Length; d++)
            {
                x[d] = ((i * (d + 3)) % 97) / 97.0;
            }

            sum += model.Score(x);
            model.Learn(x);
        }

        return sum;
    }
}
