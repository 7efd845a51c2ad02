using Vigil.Core.Engine;
using Vigil.Core.Telemetry;
using Vigil.Core.Tests.TestSupport;

namespace Vigil.Core.Tests.Engine;

/// <summary>An identity's place in the access graph as the console's identity page shows it (<see cref="VigilEngine.Neighbourhood"/>).</summary>
public sealed class NeighbourhoodTests
{
    private static VigilEngine SharedKiosk(long t)
    {
        var engine = new VigilEngine();
        engine.Observe(Events.SignIn("alice", t) with { DeviceId = "kiosk-1" });
        engine.Observe(Events.Access("alice", t + 1_000, "wiki"));
        engine.Observe(Events.SignIn("bob", t + 2_000, ip: "81.2.70.10") with { DeviceId = "kiosk-1" });
        engine.Observe(Events.Access("helper-bot", t + 3_000, "wiki", kind: IdentityKind.Agent) with { OnBehalfOf = "alice" });
        return engine;
    }

    [Fact]
    public void Neighbourhood_SharedDeviceAndAnAgent_OneAndTwoHopsWithKindsAndLinks()
    {
        long t = Events.Start;
        var n = SharedKiosk(t).Neighbourhood("alice", null, t + 4_000, 50);
        Assert.NotNull(n);

        Assert.Equal("person", n.Kind);
        Assert.Equal(0, n.Omitted);
        var near = n.Nodes.Where(x => x.Hops == 1).Select(x => (x.Kind, x.Label, x.Edge)).ToList();
        Assert.Contains(("device", "kiosk-1", "used device"), near);
        Assert.Contains(("address", "81.2.69.10", "came from"), near);
        Assert.Contains(("group", "finance", "member of"), near);
        Assert.Contains(("resource", "wiki", "accessed"), near);
        Assert.Contains(("agent", "helper-bot", "acts for it"), near);

        // bob shares the kiosk: two hops, through it. His own address is three hops away, and the group is not expanded.
        var bob = Assert.Single(n.Nodes, x => x.Label == "bob");
        Assert.Equal((2, "device kiosk-1", "also used it", false), (bob.Hops, bob.Via, bob.Edge, bob.Outward));
        Assert.DoesNotContain(n.Nodes, x => x.Label == "81.2.70.10");
        Assert.All(n.Nodes, x => Assert.Equal(0f, x.Taint));
    }

    [Fact]
    public void Neighbourhood_MoreThanTheCap_KeepsTheFirstAndCountsTheRest_UnknownIsNull()
    {
        long t = Events.Start;
        var engine = SharedKiosk(t);
        var all = engine.Neighbourhood("alice", null, t + 4_000, 50)!;
        var two = engine.Neighbourhood("alice", null, t + 4_000, 2);
        Assert.NotNull(two);
        Assert.Equal(all.Nodes.Take(2), two.Nodes);
        Assert.Equal(all.Nodes.Count - 2, two.Omitted);
        Assert.Empty(engine.Neighbourhood("alice", null, t + 4_000, -5)!.Nodes);
        Assert.Null(engine.Neighbourhood("nobody", null, t, 50));
        Assert.Null(engine.Neighbourhood("alice", "another-tenant", t, 50));
        Assert.Null(engine.Neighbourhood("kiosk-1", null, t, 50)); // a device is not an identity
    }

    [Fact]
    public void Neighbourhood_AfterARiskySignIn_TheIdentityAndItsAddressAreTainted()
    {
        var engine = Events.Trained(12);
        long after = Events.AfterHistory + (2 * 3_600_000L);
        Assert.True(engine.Observe(Events.SignIn("user3", after, ip: "102.89.4.7", country: "NG", lat: 6.45, lon: 3.39, asn: 29465)).Score >= engine.Options.HoldOutScore);

        var n = engine.Neighbourhood("user3", null, after + 60_000, 50);
        Assert.NotNull(n);
        Assert.True(n.Taint > 0.5f, n.Taint.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(Assert.Single(n.Nodes, x => x.Label == "102.89.4.7").Taint > 0f);
        Assert.Equal(0f, Assert.Single(n.Nodes, x => x.Label == "finance").Taint); // taint does not flow into groups
    }
}
