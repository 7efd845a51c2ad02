using Vigil.Core.Engine;
using Vigil.Core.Tests.TestSupport;

namespace Vigil.Core.Tests.Engine;

/// <summary>
/// Issue 11, defect 3: tenant and peer-group state costs memory, so only a source allowed to create it may: an
/// assessment never creates anything, an observed access request never creates a tenant, and ingestion stops at
/// <see cref="VigilEngineOptions.MaxTenants"/>.
/// </summary>
public sealed class TenantAdmissionTests
{
    private static byte[] CheckpointOf(VigilEngine engine)
    {
        using var stream = new MemoryStream();
        engine.WriteCheckpoint(stream);
        return stream.ToArray();
    }

    [Fact]
    public void Assess_UnknownTenantsAndPeerGroups_CreatesNoState()
    {
        var engine = Events.Trained(3);
        byte[] before = CheckpointOf(engine);
        int tenants = engine.TenantCount;

        for (int n = 0; n < 50; n++)
        {
            engine.Assess(Events.SignIn("user1", Events.AfterHistory + n) with { Tenant = "caller-made-" + n });
            engine.Assess(Events.SignIn("user1", Events.AfterHistory + n) with { Department = "made-up-group-" + n });
            engine.Assess(Events.SignIn("stranger" + n, Events.AfterHistory + n) with { Department = "other-group-" + n });
        }

        Assert.Equal(tenants, engine.TenantCount);
        Assert.Equal(before, CheckpointOf(engine));
    }

    [Fact]
    public void Assess_UnknownTenant_ScoresAsAFreshTenantWould()
    {
        var trained = Events.Trained(3);
        var probe = Events.SignIn("user1", Events.AfterHistory, ip: "102.89.4.7", country: "NG", lat: 6.45, lon: 3.39, asn: 29465) with { Tenant = "elsewhere" };

        // A fresh engine that learned nothing judges the same request the same way: nothing of "default" leaks in.
        Assert.Equal(new VigilEngine().Assess(probe).Score, trained.Assess(probe).Score);
    }

    [Fact]
    public void Observe_SourceMayNotCreateTenant_LearnsOnlyIntoExistingTenants()
    {
        var engine = new VigilEngine();
        engine.Observe(Events.SignIn("user1", Events.Start) with { Tenant = "acme" });

        engine.Observe(Events.SignIn("user2", Events.Start + 1) with { Tenant = "caller-made" }, mayCreateTenant: false);
        engine.Observe(Events.SignIn("user3", Events.Start + 2) with { Tenant = "acme" }, mayCreateTenant: false);
        engine.Observe(Events.SignIn("user4", Events.Start + 3), mayCreateTenant: false); // the default tenant is configuration's

        Assert.Equal(2, engine.TenantCount);
        Assert.Null(engine.Snapshot("user2", "caller-made", Events.Start + 10));
        Assert.NotNull(engine.Snapshot("user3", "acme", Events.Start + 10));
        Assert.NotNull(engine.Snapshot("user4", null, Events.Start + 10));
        Assert.Equal(1, engine.UnlearnedTenantEvents);
    }

    [Fact]
    public void Observe_PastMaxTenants_AssessesWithoutLearning()
    {
        var engine = new VigilEngine(new VigilEngineOptions { MaxTenants = 2 });
        engine.Observe(Events.SignIn("user1", Events.Start) with { Tenant = "a" });
        engine.Observe(Events.SignIn("user1", Events.Start + 1) with { Tenant = "b" });

        engine.Observe(Events.SignIn("user1", Events.Start + 2) with { Tenant = "c" });
        engine.Observe(Events.SignIn("user2", Events.Start + 3) with { Tenant = "a" });

        Assert.Equal(2, engine.TenantCount);
        Assert.False(engine.CanLearnTenant("c"));
        Assert.True(engine.CanLearnTenant("a"));
        Assert.Null(engine.Snapshot("user1", "c", Events.Start + 10));
        Assert.NotNull(engine.Snapshot("user2", "a", Events.Start + 10));
    }

    [Fact]
    public void Validate_MaxTenantsZero_NamesTheSetting()
    {
        Assert.Contains(new VigilEngineOptions { MaxTenants = 0 }.Validate(), e => e.StartsWith("MaxTenants", StringComparison.Ordinal));
    }

    [Fact]
    public void Observe_NewPeerGroupPastTheCap_JoinsItsKindsGroupAndReplaysTheSame()
    {
        var options = new VigilEngineOptions { MaxPeerGroupsPerTenant = 2 };
        var engine = new VigilEngine(options);
        for (int n = 0; n < 20; n++)
        {
            engine.Observe(Events.SignIn("user" + n, Events.Start + n) with { Department = "made-up-group-" + n });
        }

        Assert.Equal("made-up-group-0", engine.Snapshot("user0", null, Events.Start + 100)!.PeerGroup);
        Assert.Equal("made-up-group-1", engine.Snapshot("user1", null, Events.Start + 100)!.PeerGroup);
        Assert.All(Enumerable.Range(2, 18), n => Assert.Equal("people", engine.Snapshot("user" + n, null, Events.Start + 100)!.PeerGroup));
        // A later identity naming a group the tenant holds still joins it.
        engine.Observe(Events.SignIn("late", Events.Start + 50) with { Department = "made-up-group-1" });
        Assert.Equal("made-up-group-1", engine.Snapshot("late", null, Events.Start + 100)!.PeerGroup);

        // Restored from a checkpoint, the engine holds the same groups and keeps choosing the same way.
        VigilEngine restored;
        using (var stream = new MemoryStream(CheckpointOf(engine)))
        {
            restored = VigilEngine.ReadCheckpoint(stream, options);
        }

        restored.Observe(Events.SignIn("after", Events.Start + 60) with { Department = "another-new-group" });
        engine.Observe(Events.SignIn("after", Events.Start + 60) with { Department = "another-new-group" });
        Assert.Equal("people", restored.Snapshot("after", null, Events.Start + 100)!.PeerGroup);
        Assert.Equal(CheckpointOf(engine), CheckpointOf(restored));
    }

    [Fact]
    public void Validate_PeerGroupCapOutOfRange_NamesTheSetting()
    {
        Assert.Contains(new VigilEngineOptions { MaxPeerGroupsPerTenant = 0 }.Validate(), e => e.Contains(nameof(VigilEngineOptions.MaxPeerGroupsPerTenant), StringComparison.Ordinal));
    }

    [Fact]
    public void Observe_DeclaredTenantFromASourceThatMayNotCreateTenants_IsLearned()
    {
        var engine = new VigilEngine(new VigilEngineOptions { Tenants = new HashSet<string>(["acme"], StringComparer.Ordinal) });
        Assert.True(engine.HoldsTenant("acme"));
        Assert.False(engine.HoldsTenant("caller-made"));

        engine.Observe(Events.SignIn("user1", Events.Start) with { Tenant = "acme" }, mayCreateTenant: false);
        engine.Observe(Events.SignIn("user2", Events.Start + 1) with { Tenant = "caller-made" }, mayCreateTenant: false);

        Assert.NotNull(engine.Snapshot("user1", "acme", Events.Start + 10));
        Assert.Null(engine.Snapshot("user2", "caller-made", Events.Start + 10));
        Assert.Equal(1, engine.TenantCount); // acme alone: nothing was learned into the default tenant
    }
}
