using Vigil.Core.Statistics;
using Xunit.Abstractions;

namespace Vigil.Core.Tests.Statistics;

/// <summary>ApproximateBytes is what the per-identity memory budget (&lt;= 4 KB) is checked against, so it must be true.</summary>
public sealed class MemoryFootprintTests(ITestOutputHelper output)
{
    private const long T0 = 1_764_000_000_000;
    private const long Day = 86_400_000;

    [Theory]
    [InlineData(16, 16)]
    [InlineData(16, 4)]
    [InlineData(512, 512)]
    public void ApproximateBytes_Sketch_MatchesBytesAllocated(int capacity, int initialCapacity)
    {
        _ = new DecayedFrequencySketch(capacity, 30, initialCapacity); // warm-up: type loading, JIT

        long before = GC.GetAllocatedBytesForCurrentThread();
        var sketch = new DecayedFrequencySketch(capacity, 30, initialCapacity);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        output.WriteLine($"DecayedFrequencySketch(capacity {capacity}, initial {initialCapacity}): ApproximateBytes {sketch.ApproximateBytes}, allocated {allocated}");
        Assert.InRange(sketch.ApproximateBytes, allocated - 8, allocated + 8);
    }

    [Fact]
    public void ApproximateBytes_HourOfWeekProfile_MatchesBytesAllocated()
    {
        _ = new HourOfWeekProfile(30);

        long before = GC.GetAllocatedBytesForCurrentThread();
        var profile = new HourOfWeekProfile(30);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        output.WriteLine($"HourOfWeekProfile: ApproximateBytes {profile.ApproximateBytes}, allocated {allocated}");
        Assert.InRange(profile.ApproximateBytes, allocated - 8, allocated + 8);
    }

    [Fact]
    public void ApproximateBytes_TypicalIdentityAfterAMonth_FitsInFourKilobytes()
    {
        // Distinct values a typical workforce identity shows in a month, per categorical feature:
        // IP prefix, ASN, country, city, device, user agent, browser, OS, device type, resource, action.
        int[] distinctPerFeature = [6, 3, 1, 2, 2, 3, 2, 2, 2, 14, 5];
        var sketches = new DecayedFrequencySketch[distinctPerFeature.Length];
        var profile = new HourOfWeekProfile(30);
        var failures = new SlidingWindowCounter(10 * 60_000, 10);
        var random = new Random(12);
        for (int f = 0; f < sketches.Length; f++)
        {
            sketches[f] = new DecayedFrequencySketch(16, 30, initialCapacity: 4);
        }

        for (int e = 0; e < 30 * 40; e++)
        {
            long t = T0 + (e / 40 * Day) + (9 * 3_600_000) + (random.Next(8 * 3600) * 1000L);
            for (int f = 0; f < sketches.Length; f++)
            {
                sketches[f].Add((ulong)random.Next(distinctPerFeature[f]), t);
            }

            profile.Add(t);
        }

        int moments = 3 * System.Runtime.CompilerServices.Unsafe.SizeOf<RunningMoments>();
        int total = sketches.Sum(s => s.ApproximateBytes) + profile.ApproximateBytes + failures.ApproximateBytes + moments;
        int preallocated = (sketches.Length * new DecayedFrequencySketch(16, 30).ApproximateBytes) + profile.ApproximateBytes + failures.ApproximateBytes + moments;
        output.WriteLine($"typical identity: sketches {sketches.Sum(s => s.ApproximateBytes)} B, profile {profile.ApproximateBytes} B, counter {failures.ApproximateBytes} B, 3 moments {moments} B, total {total} B; fully preallocated K=16: {preallocated} B");

        Assert.True(total <= 4096, $"{total} bytes");
    }
}
