using Vigil.Core.Statistics;

namespace Vigil.Core.Tests.Statistics;

public sealed class RunningMomentsTests
{
    private const long T0 = 1_764_000_000_000;
    private const long Day = 86_400_000;

    [Fact]
    public void Add_ConstantTimeStream_MatchesDirectComputation()
    {
        var random = new Random(7);
        double[] values = new double[1000];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = 1000 + (random.NextDouble() * 500);
        }

        var moments = new RunningMoments(halfLifeDays: 30);
        foreach (double v in values)
        {
            moments.Add(v, T0);
        }

        double mean = values.Average();
        double variance = values.Sum(v => (v - mean) * (v - mean)) / values.Length;
        Assert.Equal(mean, moments.Mean, 9);
        Assert.Equal(variance, moments.Variance, 6);
        Assert.Equal(Math.Sqrt(variance), moments.StdDev, 9);
        Assert.Equal(1000, moments.Weight, 9);
    }

    [Fact]
    public void Add_DecayedStream_MatchesDirectlyWeightedComputation()
    {
        var random = new Random(8);
        var moments = new RunningMoments(halfLifeDays: 2);
        var points = new List<(double Value, long Time)>();
        for (int i = 0; i < 300; i++)
        {
            double v = random.NextDouble() * 10;
            long t = T0 + (i * 3_600_000L);
            points.Add((v, t));
            moments.Add(v, t);
        }

        long last = points[^1].Time;
        double[] weights = points.Select(p => Math.Pow(2, -(last - p.Time) / (2.0 * Day))).ToArray();
        double w = weights.Sum();
        double mean = points.Select((p, i) => weights[i] * p.Value).Sum() / w;
        double variance = points.Select((p, i) => weights[i] * (p.Value - mean) * (p.Value - mean)).Sum() / w;

        Assert.Equal(w, moments.Weight, 9);
        Assert.Equal(mean, moments.Mean, 9);
        Assert.Equal(variance, moments.Variance, 9);
        Assert.Equal(w / 2, moments.WeightAt(last + (2 * Day)), 9);
    }

    [Fact]
    public void Merge_TwoShards_EqualsOneStream()
    {
        var a = new RunningMoments(5);
        var b = new RunningMoments(5);
        var all = new RunningMoments(5);
        var random = new Random(9);
        for (int i = 0; i < 400; i++)
        {
            double v = random.NextDouble() * 100;
            long t = T0 + (i * 600_000L);
            if (random.Next(2) == 0)
            {
                a.Add(v, t);
            }
            else
            {
                b.Add(v, t);
            }

            all.Add(v, t);
        }

        a.Merge(b);

        Assert.Equal(all.Weight, a.Weight, 9);
        Assert.Equal(all.Mean, a.Mean, 9);
        Assert.Equal(all.Variance, a.Variance, 7);
    }

    [Fact]
    public void ZScore_NoEvidence_IsZero() => Assert.Equal(0, new RunningMoments(30).ZScore(1e6));

    [Fact]
    public void ZScore_FeatureThatNeverVaried_IsLargeButFinite()
    {
        var moments = new RunningMoments(30);
        for (int i = 0; i < 10; i++)
        {
            moments.Add(512, T0 + i);
        }

        double z = moments.ZScore(4096);
        Assert.True(double.IsFinite(z));
        Assert.True(z > 1e6);
        Assert.Equal(0, moments.ZScore(512));
        Assert.Equal(3584d / 100, moments.ZScore(4096, minStdDev: 100), 9);
    }

    [Fact]
    public void ZScore_TwoDeviationsAway_IsTwo()
    {
        var moments = new RunningMoments(30);
        moments.Add(8, T0);
        moments.Add(12, T0);

        Assert.Equal(2, moments.ZScore(14), 9);
        Assert.Equal(-2, moments.ZScore(6), 9);
    }

    [Fact]
    public void Add_NonFiniteValue_IsIgnored()
    {
        var moments = new RunningMoments(30);
        moments.Add(10, T0);
        moments.Add(double.NaN, T0);
        moments.Add(double.PositiveInfinity, T0);

        Assert.Equal(10, moments.Mean);
        Assert.Equal(1, moments.Weight);
    }

    [Fact]
    public void WriteTo_ReadFrom_AnswersIdentically()
    {
        var moments = new RunningMoments(3);
        for (int i = 0; i < 50; i++)
        {
            moments.Add(i * 1.5, T0 + (i * Day / 4));
        }

        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            moments.WriteTo(writer);
        }

        stream.Position = 0;
        using var reader = new BinaryReader(stream);
        RunningMoments copy = RunningMoments.ReadFrom(reader);

        Assert.Equal(moments.Mean, copy.Mean);
        Assert.Equal(moments.Variance, copy.Variance);
        Assert.Equal(moments.Weight, copy.Weight);
        Assert.Equal(moments.ZScore(100), copy.ZScore(100));
        Assert.Equal(moments.HalfLifeDays, copy.HalfLifeDays);
    }
}
