using Vigil.Core.Statistics;

namespace Vigil.Core.Tests.Statistics;

public sealed class HalfSpaceTreesTests
{
    [Fact]
    public void Score_BeforeTheFirstWindowIsComplete_IsZeroAndNotWarm()
    {
        var model = new HalfSpaceTrees(dimensions: 3, windowSize: 50);
        var random = new Random(1);
        double[] x = new double[3];
        for (int i = 0; i < 49; i++)
        {
            Cluster(random, x);
            model.Learn(x);
            Assert.False(model.IsWarm);
            Assert.Equal(0, model.Score([0.99, 0.01, 0.99]));
        }

        Cluster(random, x);
        model.Learn(x);
        Assert.True(model.IsWarm);
        Assert.True(model.Score([0.99, 0.01, 0.99]) > 0);
    }

    [Fact]
    public void Score_AfterWarmUp_ClusterScoresLowAndFarOutlierScoresHigh()
    {
        var model = new HalfSpaceTrees(dimensions: 3, seed: 7);
        var random = new Random(2);
        double[] x = new double[3];
        for (int i = 0; i < 2 * model.WindowSize; i++)
        {
            Cluster(random, x);
            model.Learn(x);
        }

        double sum = 0;
        double max = 0;
        for (int i = 0; i < 200; i++)
        {
            Cluster(random, x);
            double score = model.Score(x);
            sum += score;
            max = Math.Max(max, score);
        }

        double outlier = model.Score([0.95, 0.05, 0.9]);
        Assert.True(sum / 200 < 0.1, $"mean cluster score {sum / 200}");
        Assert.True(outlier > 0.9, $"outlier score {outlier}");
        Assert.True(outlier > max, $"outlier {outlier} vs highest cluster score {max}");
    }

    [Fact]
    public void Score_FartherFromTheCluster_ScoresHigher()
    {
        var model = new HalfSpaceTrees(dimensions: 2, seed: 3);
        var random = new Random(4);
        double[] x = new double[2];
        for (int i = 0; i < 3 * model.WindowSize; i++)
        {
            x[0] = 0.3 + (random.NextDouble() * 0.1);
            x[1] = 0.3 + (random.NextDouble() * 0.1);
            model.Learn(x);
        }

        double centre = model.Score([0.35, 0.35]);
        double far = model.Score([0.9, 0.9]);
        Assert.True(centre < far, $"{centre} < {far}");
        Assert.Equal(1, far);
    }

    [Fact]
    public void Score_SameSeedAndStream_IsIdentical()
    {
        var first = new HalfSpaceTrees(4, trees: 10, depth: 10, windowSize: 100, seed: 42);
        var second = new HalfSpaceTrees(4, trees: 10, depth: 10, windowSize: 100, seed: 42);
        var other = new HalfSpaceTrees(4, trees: 10, depth: 10, windowSize: 100, seed: 43);
        var random = new Random(5);
        double[] x = new double[4];
        bool anyDifferent = false;
        for (int i = 0; i < 500; i++)
        {
            for (int d = 0; d < 4; d++)
            {
                x[d] = random.NextDouble() * random.NextDouble();
            }

            Assert.Equal(first.RawScore(x), second.RawScore(x));
            Assert.Equal(first.Score(x), second.Score(x));
            anyDifferent |= first.RawScore(x) != other.RawScore(x);
            first.Learn(x);
            second.Learn(x);
            other.Learn(x);
        }

        Assert.True(anyDifferent);
    }

    [Fact]
    public void WriteTo_ReadFrom_MidWindow_KeepsScoringIdentically()
    {
        var model = new HalfSpaceTrees(3, trees: 8, depth: 8, windowSize: 64, seed: 9);
        var random = new Random(6);
        double[] x = new double[3];
        for (int i = 0; i < 100; i++)
        {
            Cluster(random, x);
            model.Learn(x);
        }

        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            model.WriteTo(writer);
        }

        stream.Position = 0;
        using var reader = new BinaryReader(stream);
        HalfSpaceTrees copy = HalfSpaceTrees.ReadFrom(reader);

        Assert.True(copy.IsWarm);
        for (int i = 0; i < 100; i++)
        {
            x[0] = random.NextDouble();
            x[1] = random.NextDouble();
            x[2] = random.NextDouble();
            Assert.Equal(model.Score(x), copy.Score(x));
            model.Learn(x);
            copy.Learn(x);
        }

        Assert.Equal(model.TypicalRawScore, copy.TypicalRawScore);
    }

    [Fact]
    public void Score_WrongNumberOfFeatures_Throws()
    {
        var model = new HalfSpaceTrees(3, trees: 2, depth: 4, windowSize: 10);

        Assert.Throws<ArgumentException>(() => model.Score([0.5, 0.5]));
    }

    [Fact]
    public void Score_ValuesOutsideTheUnitInterval_AreClamped()
    {
        var model = new HalfSpaceTrees(2, trees: 5, depth: 6, windowSize: 20, seed: 2);
        for (int i = 0; i < 20; i++)
        {
            model.Learn([1, 0]);
        }

        Assert.Equal(model.Score([1, 0]), model.Score([7, -3]));
        Assert.Equal(0, model.Score([1, 0]));
    }

    private static void Cluster(Random random, double[] x)
    {
        for (int d = 0; d < x.Length; d++)
        {
            x[d] = 0.5 + ((random.NextDouble() - 0.5) * 0.1);
        }
    }
}
