using Vigil.Enrichment.UserAgents;

namespace Vigil.Enrichment.Tests.UserAgents;

public sealed class UserAgentCacheTests
{
    private static readonly UserAgentInfo Chrome = new(BrowserFamily.Chrome, 120, OsFamily.Windows, "10", DeviceType.Desktop, ScriptedClientKind.None);
    private static readonly UserAgentInfo Curl = new(BrowserFamily.Curl, 8, OsFamily.Other, null, DeviceType.Other, ScriptedClientKind.CommandLineTool);
    private static readonly UserAgentInfo Wget = new(BrowserFamily.Wget, 1, OsFamily.Other, null, DeviceType.Other, ScriptedClientKind.CommandLineTool);

    [Fact]
    public void Set_TwoKeysSameSlotPair_BothStayCached()
    {
        var cache = new UserAgentCache(64);
        cache.Set("a", 10, Chrome);
        cache.Set("b", 10, Curl);

        Assert.True(cache.TryGet("a", 10, out var a));
        Assert.True(cache.TryGet("b", 10, out var b));
        Assert.Equal(Chrome, a);
        Assert.Equal(Curl, b);
    }

    [Fact]
    public void Set_ThirdKeyInFullPair_EvictsTheOldest()
    {
        var cache = new UserAgentCache(64);
        cache.Set("a", 10, Chrome);
        cache.Set("b", 10, Curl);
        cache.Set("c", 10, Wget);

        Assert.False(cache.TryGet("a", 10, out _));
        Assert.True(cache.TryGet("b", 10, out _));
        Assert.True(cache.TryGet("c", 10, out _));
    }

    [Fact]
    public void Set_SameKeyAgain_DoesNotPushOutItsNeighbour()
    {
        var cache = new UserAgentCache(64);
        cache.Set("a", 10, Chrome);
        cache.Set("b", 10, Curl);
        cache.Set("b", 10, Curl);

        Assert.True(cache.TryGet("a", 10, out _));
    }

    [Fact]
    public void Set_KeyLongerThanLimit_IsNotStored()
    {
        var cache = new UserAgentCache(64);
        string longKey = new('x', UserAgentCache.MaxKeyLength + 1);
        cache.Set(longKey, 3, Chrome);

        Assert.False(cache.TryGet(longKey, 3, out _));
    }

    [Fact]
    public void TryGet_SameHashDifferentText_Misses()
    {
        var cache = new UserAgentCache(64);
        cache.Set("a", 10, Chrome);

        Assert.False(cache.TryGet("z", 10, out _));
    }
}
