using System.Net;
using Vigil.Core.Engine;
using Vigil.Core.Feedback;
using Vigil.Core.Telemetry;
using Vigil.Core.Tests.TestSupport;
using Vigil.Enrichment.Ip;

namespace Vigil.Core.Tests.Engine;

/// <summary>Baselines an attacker cannot teach (issue 13, item 4): low-risk probes from attacker infrastructure before a takeover.</summary>
public sealed class PoisoningTests
{
    private const long Day = 86_400_000L;
    private static readonly long After = Events.AfterHistory;

    /// <summary>A quiet sign-in from the attacker's network: the victim's country and browser, another ISP.</summary>
    private static TelemetryEvent Probe(long at, int n, IpCategory category) =>
        Events.SignIn("user3", at, ip: $"203.0.113.{n}", asn: 64500, id: $"probe-{n}") with { SourceCategories = category };

    /// <summary>The takeover from the same network: an unknown device and another browser.</summary>
    private static TelemetryEvent Takeover(long at, IpCategory category) =>
        Events.SignIn("user3", at, ip: "203.0.113.200", asn: 64500, browser: "Firefox", device: "attacker", id: "takeover") with { SourceCategories = category };

    private static int TakeoverScore(int probes, long spacingMs, IpCategory category, out int probeMax)
    {
        var engine = Events.Trained(12);
        probeMax = 0;
        for (int i = 0; i < probes; i++)
        {
            probeMax = Math.Max(probeMax, engine.Observe(Probe(After + (i * spacingMs), i + 1, category)).Score);
        }

        return engine.Observe(Takeover(After + (probes * spacingMs) + Day, category)).Score;
    }

    [Theory]
    [InlineData(IpCategory.Hosting)]
    [InlineData(IpCategory.None)]
    public void Observe_TwelveLowRiskProbesThenATakeoverWithinProbation_TakeoverScoresAsIfNoProbes(IpCategory category)
    {
        int clean = TakeoverScore(0, 0, category, out _);
        // Twelve probes, one every four hours: two days, inside the three-day probation of the first.
        int poisoned = TakeoverScore(12, 4 * 3_600_000L, category, out int probeMax);
        Assert.True(probeMax < 50, $"the probes are low-risk: {probeMax}");
        Assert.True(clean >= 50, $"the takeover alone is caught: {clean}");
        Assert.True(poisoned >= clean - 5, $"after twelve probes {poisoned}, without {clean}");
    }

    [Fact]
    public void Observe_SlowProbesFromHostingOverTwelveDays_AreNeverLearnedByTime()
    {
        int clean = TakeoverScore(0, 0, IpCategory.Hosting, out _);
        int poisoned = TakeoverScore(12, Day, IpCategory.Hosting, out _);
        Assert.True(poisoned >= 50, $"caught after slow probes: {poisoned}");
        Assert.True(poisoned >= clean - 5, $"after twelve daily probes {poisoned}, without {clean}");
    }

    [Fact]
    public void Observe_APersonsNewHomeNetwork_IsLearnedOnceItsProbationIsOver()
    {
        var engine = Events.Trained(12);
        var move = Events.SignIn("user3", After, ip: "89.160.20.115", asn: 2119, id: "move-1");
        int first = engine.Observe(move).Score;
        int during = engine.Assess(move with { TimestampMs = After + Day, Id = "move-2" }).Score;
        engine.Observe(move with { TimestampMs = After + (4 * Day), Id = "move-3" }); // releases the first after three days
        int later = engine.Assess(move with { TimestampMs = After + (5 * Day), Id = "move-4" }).Score;
        Assert.True(during >= first - 5, $"still new during probation: {first} then {during}");
        Assert.True(later < during, $"learned after probation: {during} then {later}");
    }

    [Fact]
    public void Observe_SourceFailingForOtherAccounts_IsNeverLearned()
    {
        var engine = Events.Trained(12);
        long t = After;
        foreach (string other in new[] { "user1", "user2", "user4", "user5" })
        {
            engine.Observe(Events.SignIn(other, t += 60_000, ip: "198.51.100.9", asn: 64501, outcome: EventOutcome.Failure));
        }

        var spray = Events.SignIn("user3", t += 60_000, ip: "198.51.100.9", asn: 64501, id: "sprayed");
        engine.Observe(spray);
        engine.Observe(Events.SignIn("user3", t + (4 * Day), id: "home")); // after the probation: the sprayed access is dropped, not learned
        var again = spray with { TimestampMs = t + (5 * Day), Id = "again", SourceIp = IPAddress.Parse("198.51.100.10") };
        Assert.True(engine.Assess(again).Has(Scoring.ReasonCode.UnfamiliarSignInProperties));
    }

    [Fact]
    public void ApplyFeedback_ConfirmSafeOnAProbationaryAccess_LearnsIt()
    {
        var engine = Events.Trained(12);
        var vpn = Probe(After, 1, IpCategory.Hosting);
        int before = engine.Observe(vpn).Score;
        var result = engine.ApplyFeedback("user3", FeedbackKind.ConfirmSafe, After + 60_000, eventId: vpn.Id);
        Assert.Equal(1, result.ObservationsLearned);
        Assert.True(engine.Assess(vpn with { TimestampMs = After + 3_600_000, Id = "next" }).Score <= before);
    }

    [Fact]
    public void ReadCheckpoint_WithProbation_ReleasesAndScoresAsNeverRestarted()
    {
        var original = Events.Trained(12);
        var source = Events.Trained(12);
        var move = Events.SignIn("user3", After, ip: "89.160.20.115", asn: 2119, id: "move-1");
        original.Observe(move);
        source.Observe(move);
        using var checkpoint = new MemoryStream();
        source.WriteCheckpoint(checkpoint);
        checkpoint.Position = 0;
        var restored = VigilEngine.ReadCheckpoint(checkpoint);

        foreach (var e in new[] { move with { TimestampMs = After + (4 * Day), Id = "m3" }, move with { TimestampMs = After + (5 * Day), Id = "m4" } })
        {
            var a = original.Observe(e);
            var b = restored.Observe(e);
            Assert.Equal(a.Probability, b.Probability);
        }

        using var first = new MemoryStream();
        using var second = new MemoryStream();
        original.WriteCheckpoint(first);
        restored.WriteCheckpoint(second);
        Assert.Equal(first.ToArray(), second.ToArray());
    }
}
