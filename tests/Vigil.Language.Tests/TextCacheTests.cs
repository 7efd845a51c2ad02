namespace Vigil.Language.Tests;

public sealed class TextCacheTests
{
    [Fact]
    public void Add_PastEntryBound_EvictsLeastRecentlyUsed()
    {
        var cache = new TextCache(maxEntries: 2, maxBytes: 1 << 20);
        cache.Add("a", [1]);
        cache.Add("b", [2]);
        Assert.True(cache.TryGet("a", out _)); // a is now the most recent
        cache.Add("c", [3]);
        Assert.True(cache.TryGet("a", out _));
        Assert.False(cache.TryGet("b", out _));
        Assert.True(cache.TryGet("c", out _));
        Assert.Equal(1, cache.Evictions);
    }

    [Fact]
    public void Add_PastByteBound_EvictsUntilItFits()
    {
        long one = TextCache.Cost(new string('x', 100), new sbyte[384]);
        var cache = new TextCache(maxEntries: 1_000, maxBytes: (3 * one) + 1);
        for (int i = 0; i < 10; i++)
        {
            cache.Add(i.ToString("D100"), new sbyte[384]);
        }

        Assert.Equal(3, cache.Count);
        Assert.True(cache.Bytes <= (3 * one) + 1);
        Assert.Equal(7, cache.Evictions);
    }

    [Fact]
    public void Add_EntryLargerThanTheWholeCache_IsNotHeld()
    {
        var cache = new TextCache(maxEntries: 10, maxBytes: 500);
        cache.Add("small", [1]);
        cache.Add(new string('x', 1_000), [1]);
        Assert.Equal(1, cache.Count);
        Assert.True(cache.TryGet("small", out _));
    }
}
