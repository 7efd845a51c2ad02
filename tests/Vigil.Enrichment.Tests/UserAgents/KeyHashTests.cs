using Vigil.Enrichment.UserAgents;

namespace Vigil.Enrichment.Tests.UserAgents;

public sealed class KeyHashTests
{
    [Fact]
    public void Compute_GoldenStringsAndOneCharEdits_SpreadOverSlots()
    {
        // Strings that differ only in the last character or two (version bumps) must still land in different
        // slots, or one would keep evicting the other from the cache.
        var strings = UserAgentCase.All.Select(static c => c.UserAgent)
            .SelectMany(static s => new[] { s, s + "1", s + "2", s + "12", s.Length > 0 ? s[..^1] : "x" })
            .Distinct(StringComparer.Ordinal)
            .ToArray();

        int distinctSlots = strings.Select(static s => KeyHash.Compute(s, 42) & 4095).Distinct().Count();

        // ~520 keys into 4096 slots: a uniform hash leaves about 30 collisions.
        Assert.True(distinctSlots > strings.Length - 60, $"{distinctSlots} slots for {strings.Length} strings");
    }

    [Fact]
    public void Compute_SameTextDifferentInstances_SameHash() =>
        Assert.Equal(KeyHash.Compute("curl/8.4.0", 7), KeyHash.Compute(new string("curl/8.4.0".AsSpan()), 7));

    [Fact]
    public void Compute_DifferentSeeds_DifferentHash() =>
        Assert.NotEqual(KeyHash.Compute("curl/8.4.0", 1), KeyHash.Compute("curl/8.4.0", 2));
}
