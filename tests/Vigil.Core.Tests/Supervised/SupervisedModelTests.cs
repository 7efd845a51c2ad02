using Vigil.Core.Supervised;

namespace Vigil.Core.Tests.Supervised;

public sealed class SupervisedModelTests
{
    private static float[] Vector(float hosting, float asnNovelty)
    {
        var x = new float[SupervisedFeatures.Count];
        x[SupervisedFeatures.Hosting] = hosting;
        x[SupervisedFeatures.AsnNovelty] = asnNovelty;
        return x;
    }

    [Theory]
    [InlineData(0f, 1f, -3.0)]
    [InlineData(1f, 0f, 0.5)]
    [InlineData(1f, 1f, 3.0)]
    public void Raw_KnownTree_WalksToTheExpectedLeaf(float hosting, float asnNovelty, double expected)
    {
        Assert.Equal(expected, TinyModel.Create().Raw(Vector(hosting, asnNovelty)), 6);
    }

    [Fact]
    public void Probability_PlattScaling_FollowsMlNetConvention()
    {
        // p = 1 / (1 + exp(slope * raw + offset)) with slope -1: the logistic of the raw score.
        Assert.Equal(1.0 / (1.0 + Math.Exp(-3.0)), TinyModel.Create().Probability(Vector(1f, 1f)), 9);
    }

    [Fact]
    public void Read_WrittenModel_ScoresIdentically()
    {
        var model = TinyModel.Create().WithCalibration(IsotonicCalibration.Fit(Enumerable.Range(0, 100).Select(i => (i / 100.0, i % 3 == 0 && i > 40))));
        using var stream = new MemoryStream();
        model.Write(stream);
        stream.Position = 0;
        var read = SupervisedModel.Read(stream);

        Assert.Equal(model.Name, read.Name);
        Assert.Equal(model.TreeCount, read.TreeCount);
        foreach (var x in new[] { Vector(0, 0), Vector(1, 0), Vector(1, 1) })
        {
            Assert.Equal(model.Probability(x), read.Probability(x));
        }
    }

    [Fact]
    public void Starter_Embedded_LoadsWithTheCurrentFeatureLayout()
    {
        var starter = SupervisedModel.Starter;
        Assert.Equal(SupervisedFeatures.SchemaVersion, starter.SchemaVersion);
        Assert.Equal(SupervisedFeatures.Count, starter.FeatureCount);
        Assert.InRange(starter.TreeCount, 1, SupervisedModel.MaxTrees);
        using var stream = new MemoryStream();
        starter.Write(stream);
        Assert.True(stream.Length < 200_000, $"The starter model is {stream.Length} bytes; keep it under 200 KB.");
    }

    [Fact]
    public void Constructor_ChildBeforeParent_RefusedSoNoWalkCanLoop()
    {
        var ex = Assert.Throws<InvalidDataException>(() => new SupervisedModel("loop", 1, SupervisedFeatures.Count, 0, -1, 0,
            [0], [SupervisedFeatures.Hosting, SupervisedFeatures.Hosting], [0.5f, 0.5f], [1, ~0], [~1, 0], [1f, 2f, 3f]));
        Assert.Contains("Node 1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_FeatureOutOfRange_RefusedNamingTheNode()
    {
        var ex = Assert.Throws<InvalidDataException>(() => new SupervisedModel("wide", 1, 4, 0, -1, 0,
            [0], [7], [0.5f], [~0], [~1], [1f, 2f]));
        Assert.Contains("feature 7", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NotAModel_InvalidData()
    {
        Assert.Throws<InvalidDataException>(() => SupervisedModel.Read(new MemoryStream("{\"not\":\"a model\"}"u8.ToArray())));
    }

    [Fact]
    public void Read_Truncated_InvalidDataNotEndOfStream()
    {
        using var stream = new MemoryStream();
        TinyModel.Create().Write(stream);
        var cut = stream.ToArray()[..(int)(stream.Length / 2)];
        var ex = Assert.Throws<InvalidDataException>(() => SupervisedModel.Read(new MemoryStream(cut)));
        Assert.Contains("truncated", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_HugeTreeCount_RefusedBeforeAllocating()
    {
        using var stream = new MemoryStream();
        TinyModel.Create().Write(stream);
        var bytes = stream.ToArray();
        // The tree count follows magic, version, name, schema, feature count and three doubles.
        int treeCountAt = 4 + 4 + 1 + "tiny".Length + 4 + 4 + 24;
        BitConverter.GetBytes(int.MaxValue).CopyTo(bytes, treeCountAt);
        var ex = Assert.Throws<InvalidDataException>(() => SupervisedModel.Read(new MemoryStream(bytes)));
        Assert.Contains("out of range", ex.Message, StringComparison.Ordinal);
    }
}
