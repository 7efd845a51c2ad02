using Vigil.Core.Statistics;

namespace Vigil.Core.Tests.Statistics;

public sealed class DistinctInWindowTests
{
    private const long Minute = 60_000;
    private const long T0 = 1_764_000_000_000;

    [Fact]
    public void Count_MoreDistinctKeysThanCapacity_SaturatesAtCapacity()
    {
        var distinct = new DistinctInWindow(60 * Minute, capacity: 8);
        for (ulong account = 0; account < 20; account++)
        {
            distinct.Add(StableHash.Of($"user{account}@example.com"), T0 + (long)account);
        }

        Assert.Equal(8, distinct.Count(T0 + 100));
        Assert.True(distinct.IsSaturated(T0 + 100));
    }

    [Fact]
    public void Count_RepeatedKey_CountsOnce()
    {
        var distinct = new DistinctInWindow(60 * Minute, 8);
        for (int i = 0; i < 50; i++)
        {
            distinct.Add(42, T0 + i);
        }

        distinct.Add(43, T0 + 60);

        Assert.Equal(2, distinct.Count(T0 + 100));
        Assert.False(distinct.IsSaturated(T0 + 100));
    }

    [Fact]
    public void Count_AfterTheWindow_ForgetsKeys()
    {
        var distinct = new DistinctInWindow(10 * Minute, 8);
        distinct.Add(1, T0);
        distinct.Add(2, T0 + (5 * Minute));

        Assert.Equal(2, distinct.Count(T0 + (9 * Minute)));
        Assert.Equal(1, distinct.Count(T0 + (10 * Minute)));
        Assert.Equal(0, distinct.Count(T0 + (15 * Minute)));
    }

    [Fact]
    public void Count_AfterChurnBeyondCapacity_IsExactOnceBelowCapacityAgain()
    {
        var distinct = new DistinctInWindow(3 * Minute, capacity: 4);
        for (ulong key = 0; key < 10; key++)
        {
            distinct.Add(key, T0 + ((long)key * Minute));
        }

        // Keys seen at minutes 7, 8 and 9 are within 3 minutes of minute 9.
        Assert.Equal(3, distinct.Count(T0 + (9 * Minute)));
    }

    [Fact]
    public void WriteTo_ReadFrom_AnswersIdentically()
    {
        var distinct = new DistinctInWindow(10 * Minute, 16);
        for (int i = 0; i < 100; i++)
        {
            distinct.Add((ulong)(i % 23), T0 + (i * 11_000L));
        }

        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            distinct.WriteTo(writer);
        }

        stream.Position = 0;
        using var reader = new BinaryReader(stream);
        DistinctInWindow copy = DistinctInWindow.ReadFrom(reader);

        for (long t = T0; t < T0 + (40 * Minute); t += Minute)
        {
            Assert.Equal(distinct.Count(t), copy.Count(t));
        }
    }
}
