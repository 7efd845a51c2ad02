using Vigil.Enrichment.Geo;

namespace Vigil.Enrichment.Tests.Geo;

public sealed class GeoCacheTests
{
    [Fact]
    public void Set_ThreeKeysInOnePair_KeepsTheTwoNewest()
    {
        // Capacity 2 is a single slot pair, so every key competes for it.
        var cache = new GeoCache(2);
        var london = new GeoInfo("GB", "London", 51.5, -0.1, 10, 20712, "A&A");
        var paris = new GeoInfo("FR", "Paris", 48.9, 2.3, 10, 3215, "Orange");
        var berlin = new GeoInfo("DE", "Berlin", 52.5, 13.4, 10, 3320, "DTAG");
        cache.Set(1, london);
        cache.Set(2, paris);
        cache.Set(3, berlin);

        Assert.False(cache.TryGet(1, out _));
        Assert.True(cache.TryGet(2, out var p));
        Assert.True(cache.TryGet(3, out var b));
        Assert.Equal(paris, p);
        Assert.Equal(berlin, b);
    }

    [Fact]
    public void TryGet_UnknownResultCached_ReturnsUnknown()
    {
        var cache = new GeoCache(16);
        cache.Set(99, GeoInfo.Unknown);

        Assert.True(cache.TryGet(99, out var info));
        Assert.True(info.IsUnknown);
    }
}
