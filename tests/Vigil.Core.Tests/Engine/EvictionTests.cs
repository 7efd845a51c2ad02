using Vigil.Core.Engine;
using Vigil.Core.Feedback;
using Vigil.Core.Telemetry;
using Vigil.Core.Tests.TestSupport;

namespace Vigil.Core.Tests.Engine;

/// <summary>
/// Issue 11, defect 3: identities beyond <see cref="VigilEngineOptions.MaxIdentitiesPerTenant"/> are evicted to a
/// spill and restored on their next event; scores are exactly those of an engine that never evicts.
/// </summary>
public sealed class EvictionTests
{
    private sealed class MemorySpill : IIdentitySpill
    {
        public Dictionary<(string, string), byte[]> Rows { get; } = [];

        public void Save(string tenant, string identityId, byte[] state) => Rows[(tenant, identityId)] = state;

        public byte[]? Load(string tenant, string identityId) => Rows.GetValueOrDefault((tenant, identityId));
    }

    private static List<TelemetryEvent> Workload()
    {
        var events = Events.History(12, days: 14).ToList();
        long late = Events.Start + (15 * 86_400_000L);
        for (int u = 0; u < 12; u++)
        {
            events.Add(Events.SignIn("user" + u, late + u, ip: "102.89.4.7", country: "NG", lat: 6.45, lon: 3.39, asn: 29465));
            events.Add(Events.SignIn("user" + u, late + 100 + u, outcome: EventOutcome.Failure));
        }

        return events;
    }

    [Fact]
    public void Observe_WithEvictionEveryFewEvents_ScoresExactlyAsWithout()
    {
        var plain = new VigilEngine();
        var spill = new MemorySpill();
        var capped = new VigilEngine(new VigilEngineOptions { MaxIdentitiesPerTenant = 3 }) { Spill = spill };
        int n = 0, evicted = 0;
        foreach (var e in Workload())
        {
            var a = plain.Observe(e);
            var b = capped.Observe(e);
            Assert.Equal((a.Score, a.FactorCount, a.IdentityRisk), (b.Score, b.FactorCount, b.IdentityRisk));
            if (++n % 7 == 0)
            {
                evicted += capped.EvictIdle();
                Assert.True(capped.IdentityCount <= 3);
            }
        }

        Assert.True(evicted > 100, $"only {evicted} evictions");
        long now = Events.Start + (16 * 86_400_000L);
        for (int u = 0; u < 12; u++)
        {
            // Assessments, feedback and the view see evicted identities as they are.
            var probe = Events.SignIn("user" + u, now, ip: "185.220.101.1", country: "RU", lat: 55.75, lon: 37.62, asn: 9009);
            Assert.Equal(plain.Assess(probe).Score, capped.Assess(probe).Score);
            Assert.Equal(plain.Snapshot("user" + u, null, now)!.IdentityRisk, capped.Snapshot("user" + u, null, now)!.IdentityRisk);
            Assert.Equal(plain.ApplyFeedback("user" + u, FeedbackKind.ReportedNotMe, now), capped.ApplyFeedback("user" + u, FeedbackKind.ReportedNotMe, now));
        }
    }

    [Fact]
    public void ReadCheckpoint_WithEvictedIdentities_ContinuesExactlyAsWithout()
    {
        var events = Workload();
        int split = events.Count / 2;
        var plain = new VigilEngine();
        var spill = new MemorySpill();
        var options = new VigilEngineOptions { MaxIdentitiesPerTenant = 2 };
        var capped = new VigilEngine(options) { Spill = spill };
        foreach (var e in events.Take(split))
        {
            plain.Observe(e);
            capped.Observe(e);
        }

        Assert.True(capped.EvictIdle() > 0);
        using var checkpoint = new MemoryStream();
        capped.WriteCheckpoint(checkpoint);
        checkpoint.Position = 0;
        var restored = VigilEngine.ReadCheckpoint(checkpoint, options);
        restored.Spill = spill;
        Assert.Equal(2, restored.IdentityCount);

        foreach (var e in events.Skip(split))
        {
            var a = plain.Observe(e);
            var b = restored.Observe(e);
            Assert.Equal((a.Score, a.FactorCount, a.IdentityRisk), (b.Score, b.FactorCount, b.IdentityRisk));
        }
    }

    [Fact]
    public void Assess_EvictedIdentity_DoesNotBringItBackIntoMemory()
    {
        var capped = new VigilEngine(new VigilEngineOptions { MaxIdentitiesPerTenant = 1 }) { Spill = new MemorySpill() };
        capped.Observe(Events.SignIn("user1", Events.Start));
        capped.Observe(Events.SignIn("user2", Events.Start + 1));
        Assert.Equal(1, capped.EvictIdle());

        capped.Assess(Events.SignIn("user1", Events.Start + 2));
        Assert.Equal(1, capped.IdentityCount);
    }
}
