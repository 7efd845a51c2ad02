using System.Net;
using Vigil.Core.Graph;
using Vigil.Core.Telemetry;
using Vigil.Core.Tests.TestSupport;

namespace Vigil.Core.Tests.Graph;

public sealed class AccessGraphTests
{
    private const long Minute = 60_000;
    private const long Day = 86_400_000;
    private const long HalfLife = 60 * Minute;

    private static AccessGraph NewGraph(int maxNodes = 1000, int maxDegree = 64, int idleDays = 30) => new(maxNodes, maxDegree, idleDays, HalfLife);

    private static TelemetryEvent SignIn(string user, long at, string host, string? device = null, string ip = "10.0.0.1") =>
        new()
        {
            TimestampMs = at,
            Kind = EventKind.SignIn,
            Outcome = EventOutcome.Success,
            SubjectId = user,
            Department = "finance",
            SourceIp = IPAddress.Parse(ip),
            DeviceId = device,
            ResourceId = host,
            ResourceType = "host",
        };

    private static GraphNode Node(AccessGraph g, ulong key) => g.Find(key) ?? throw new InvalidOperationException("node missing");

    [Fact]
    public void Add_AccessesOfPersonWorkloadAndAgent_TypedNodesAndEdges()
    {
        var g = NewGraph();
        long t = Events.Start;
        g.Add(SignIn("j.doe", t, "db-7", device: "LAPTOP-7"));
        g.Add(new TelemetryEvent { TimestampMs = t + 1, Kind = EventKind.TokenUse, Outcome = EventOutcome.Success, SubjectId = "svc-backup", IdentityKind = IdentityKind.Workload, ResourceId = "vault", TokenId = "tok-1" });
        g.Add(new TelemetryEvent { TimestampMs = t + 2, Kind = EventKind.ApiCall, Outcome = EventOutcome.Success, SubjectId = "agent-1", IdentityKind = IdentityKind.Agent, OnBehalfOf = "j.doe", ResourceId = "crm" });
        g.Add(new TelemetryEvent { TimestampMs = t + 3, Kind = EventKind.Mfa, SubjectId = "nobody", ResourceId = "ignored" });

        var doe = Node(g, AccessGraph.IdentityKey("j.doe"));
        Assert.Equal(NodeKind.Person, doe.Kind);
        Assert.Equal(NodeKind.Host, Node(g, AccessGraph.ResourceKey("db-7")).Kind);
        Assert.Equal(NodeKind.Device, Node(g, AccessGraph.DeviceKey("LAPTOP-7")).Kind);
        Assert.Equal(NodeKind.Address, Node(g, AccessGraph.AddressKey(IPAddress.Parse("10.0.0.1"))).Kind);
        Assert.Equal("10.0.0.1", Node(g, AccessGraph.AddressKey(IPAddress.Parse("10.0.0.1"))).Label);
        Assert.Equal(NodeKind.Group, Node(g, AccessGraph.GroupKey("finance")).Kind);
        Assert.Equal([EdgeKind.Authentication, EdgeKind.UsesDevice, EdgeKind.UsesAddress, EdgeKind.MemberOf], doe.Out.Select(e => e.Kind));

        var svc = Node(g, AccessGraph.IdentityKey("svc-backup"));
        Assert.Equal(NodeKind.Workload, svc.Kind);
        Assert.Equal(EdgeKind.CredentialUse, Assert.Single(svc.Out).Kind);
        Assert.Equal(NodeKind.Resource, Node(g, AccessGraph.ResourceKey("vault")).Kind);

        var agent = Node(g, AccessGraph.IdentityKey("agent-1"));
        Assert.Equal(NodeKind.Agent, agent.Kind);
        Assert.Equal([EdgeKind.Access, EdgeKind.Delegation], agent.Out.Select(e => e.Kind));
        Assert.Contains(agent.Key, doe.In);

        Assert.Null(g.Find(AccessGraph.IdentityKey("nobody"))); // MFA is not an access: no edge
        Assert.Equal(9, g.NodeCount);
        Assert.Equal(7, g.EdgeCount);
    }

    [Fact]
    public void Add_SameEdgeAgain_OneEdgeWithDecayedCountAndLastUse()
    {
        var g = NewGraph();
        g.Add(SignIn("a", Events.Start, "h1"));
        g.Add(SignIn("a", Events.Start + (14 * Day), "h1"));

        var edge = Node(g, AccessGraph.IdentityKey("a")).Out[0];
        Assert.Equal(1.5f, edge.Weight, 3); // the first use halved over one 14-day half-life, plus this one
        Assert.Equal(Events.Start, edge.FirstMs);
        Assert.Equal(Events.Start + (14 * Day), edge.LastMs);
    }

    [Fact]
    public void Add_KnownIdentityDeviceAddressAndHost_AllocatesNothing()
    {
        var g = NewGraph();
        GraphNode? cached = null;
        var events = Enumerable.Range(0, 3000).Select(i => SignIn("j.doe", Events.Start + (i * 10_000L), "db-" + (i % 3), device: "LAPTOP-7")).ToArray(); // within one day: the daily sweep is not per event
        foreach (var e in events.AsSpan(0, 100))
        {
            g.Add(e, ref cached);
        }

        long allocated = long.MaxValue;
        for (int round = 0; round < 3; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            foreach (var e in events.AsSpan(100 + (round * 900), 900))
            {
                g.Add(e, ref cached);
            }

            allocated = Math.Min(allocated, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        Assert.Equal(0, allocated);
        Assert.Same(g.Find(AccessGraph.IdentityKey("j.doe")), cached);
    }

    [Fact]
    public void Add_CachedNodeEvictedOrOfAnotherGraph_LooksTheIdentityUpAgain()
    {
        var g = NewGraph(maxNodes: 16);
        GraphNode? cached = null;
        g.Add(SignIn("a", Events.Start, "h-a"), ref cached);
        var first = cached;
        for (int u = 0; u < 10; u++)
        {
            g.Add(SignIn("u" + u, Events.Start + ((u + 1) * Minute), "h" + u)); // "a" is the least recently seen: evicted
        }

        Assert.Null(g.Find(AccessGraph.IdentityKey("a")));
        Assert.True(first!.Removed);
        var again = g.Add(SignIn("a", Events.Start + (20 * Minute), "h-a"), ref cached);
        Assert.NotSame(first, again);
        Assert.Same(g.Find(AccessGraph.IdentityKey("a")), again);
        Assert.Same(again, cached);

        // A node cached before a restore belongs to the old graph: the restored one is used and its edge count moves.
        var restored = AccessGraph.ReadFrom(new BinaryReader(new MemoryStream(Write(g))));
        restored.Add(SignIn("a", Events.Start + (21 * Minute), "h-a"), ref cached);
        Assert.Same(restored.Find(AccessGraph.IdentityKey("a")), cached);
        Assert.Equal(2, cached!.Out.Single(e => e.Kind == EdgeKind.Authentication).Weight, 3);
    }

    [Theory]
    [InlineData(1L)]
    [InlineData(60_000L)]
    [InlineData(86_400_000L)]
    [InlineData(14 * 86_400_000L)]
    [InlineData(100 * 86_400_000L)]
    public void Halving_Ages_MatchesPowWithinOneTableStep(long age)
    {
        const double halfLife = 14 * 86_400_000.0;
        double exact = Math.Pow(0.5, age / halfLife);
        double step = Math.Pow(2, 1 / 65_536.0); // one step of the table (18 s at a 14-day half-life), the age rounded down
        Assert.InRange(AccessGraph.Halving(age, halfLife), exact * (1 - 1e-12), exact * step * (1 + 1e-12));
        Assert.Equal(1, AccessGraph.Halving(0, halfLife));
        Assert.Equal(0, AccessGraph.Halving(70 * (long)halfLife, halfLife));
    }

    [Fact]
    public void Add_PastTheDegreeCap_LeastRecentlyUsedEdgeGivesWay()
    {
        var g = NewGraph(maxDegree: 4);
        for (int h = 0; h < 5; h++)
        {
            g.Add(new TelemetryEvent { TimestampMs = Events.Start + h, Kind = EventKind.ResourceAccess, SubjectId = "a", ResourceId = "h" + h });
        }

        var a = Node(g, AccessGraph.IdentityKey("a"));
        Assert.Equal(4, a.Out.Count);
        Assert.False(a.Reaches(AccessGraph.ResourceKey("h0")));
        Assert.True(a.Reaches(AccessGraph.ResourceKey("h4")));
    }

    [Fact]
    public void Add_PastTheNodeCap_LeastRecentlySeenEvictedAndTheirEdgesDropped()
    {
        var g = NewGraph(maxNodes: 16);
        for (int u = 0; u < 10; u++)
        {
            g.Add(new TelemetryEvent { TimestampMs = Events.Start + (u * Minute), Kind = EventKind.ResourceAccess, SubjectId = "u" + u, ResourceId = "h" + u });
        }

        Assert.True(g.NodeCount <= 16);
        Assert.True(g.Evicted > 0);
        Assert.Null(g.Find(AccessGraph.IdentityKey("u0"))); // the oldest went first
        Assert.NotNull(g.Find(AccessGraph.IdentityKey("u9")));
        foreach (int u in Enumerable.Range(0, 10))
        {
            // No edge into an evicted node survives in a node that is kept.
            if (g.Find(AccessGraph.IdentityKey("u" + u)) is { } node)
            {
                Assert.All(node.Out, e => Assert.NotNull(g.Find(e.To)));
            }
        }
    }

    [Fact]
    public void Add_NodeIdleLongerThanIdleDays_DroppedAtTheDailySweepAndAFarFutureClockDropsNothing()
    {
        var g = NewGraph(idleDays: 7);
        g.Add(SignIn("old", Events.Start, "h-old"));
        g.Add(SignIn("new", Events.Start + (3 * Day), "h-new"));
        Assert.NotNull(g.Find(AccessGraph.IdentityKey("old")));

        g.Add(SignIn("someone", Events.Start + (400 * Day), "h-future")); // one clock a year ahead moves the sweep one day only
        Assert.NotNull(g.Find(AccessGraph.IdentityKey("old")));

        for (int day = 4; day <= 9; day++)
        {
            g.Add(SignIn("new", Events.Start + (day * Day), "h-new"));
        }

        Assert.Null(g.Find(AccessGraph.IdentityKey("old")));
        Assert.Null(g.Find(AccessGraph.ResourceKey("h-old")));
        Assert.NotNull(g.Find(AccessGraph.IdentityKey("new")));
    }

    [Fact]
    public void Add_HostileLongNames_LabelsCutToTheBound()
    {
        var g = NewGraph();
        g.Add(SignIn(new string('u', 10_000), Events.Start, new string('h', 1_000_000)));

        Assert.Equal(AccessGraph.MaxLabel, Node(g, AccessGraph.IdentityKey(new string('u', 10_000))).Label.Length);
        Assert.Equal(AccessGraph.MaxLabel, Node(g, AccessGraph.ResourceKey(new string('h', 1_000_000))).Label.Length);
    }

    [Fact]
    public void Taint_RiskyIdentity_ItsDeviceHostsSharerAndAgentTaintedHalvingPerHop()
    {
        var g = NewGraph();
        long t = Events.Start;
        g.Add(SignIn("j.doe", t, "db-7", device: "LAPTOP-7", ip: "10.0.0.7"));
        g.Add(SignIn("k.roe", t + Minute, "web-1", device: "LAPTOP-7", ip: "10.0.0.8")); // shares j.doe's laptop
        g.Add(new TelemetryEvent { TimestampMs = t + (2 * Minute), Kind = EventKind.ApiCall, SubjectId = "agent-1", IdentityKind = IdentityKind.Agent, OnBehalfOf = "j.doe", ResourceId = "crm" });
        g.Add(SignIn("x.old", t - (3 * Day), "archive", ip: "10.0.0.9"));

        int tainted = g.Taint(Node(g, AccessGraph.IdentityKey("j.doe")), 0.8f, t + (3 * Minute));

        var doe = Node(g, AccessGraph.IdentityKey("j.doe"));
        Assert.Equal(0.8f, doe.Taint);
        Assert.Equal(0, doe.TaintHops);
        var laptop = Node(g, AccessGraph.DeviceKey("LAPTOP-7"));
        Assert.Equal(0.4f, laptop.Taint);
        Assert.Equal("j.doe → device LAPTOP-7", laptop.TaintPath);
        Assert.Equal(0.4f, Node(g, AccessGraph.ResourceKey("db-7")).Taint);
        var roe = Node(g, AccessGraph.IdentityKey("k.roe"));
        Assert.Equal(0.2f, roe.Taint);
        Assert.Equal(2, roe.TaintHops);
        Assert.Equal("j.doe → device LAPTOP-7 → k.roe", roe.TaintPath);
        Assert.Equal(doe.Key, roe.TaintOrigin);
        Assert.Equal(0.4f, Node(g, AccessGraph.IdentityKey("agent-1")).Taint);
        Assert.Equal(0.1f, Node(g, AccessGraph.ResourceKey("web-1")).Taint, 5); // three hops: the sharer's host
        Assert.Equal(0f, Node(g, AccessGraph.IdentityKey("x.old")).Taint);
        Assert.Equal(0f, Node(g, AccessGraph.GroupKey("finance")).Taint); // a group is not a path
        Assert.True(tainted >= 7);
    }

    [Fact]
    public void Taint_AddressSharedByManyIdentities_DoesNotCrossToThem()
    {
        var g = NewGraph();
        for (int u = 0; u <= AccessGraph.SharedLimit; u++)
        {
            g.Add(SignIn("u" + u, Events.Start + u, "app", ip: "203.0.113.1")); // a NAT egress
        }

        g.Taint(Node(g, AccessGraph.IdentityKey("u0")), 1f, Events.Start + Minute);

        Assert.Equal(0.5f, Node(g, AccessGraph.AddressKey(IPAddress.Parse("203.0.113.1"))).Taint);
        Assert.Equal(0f, Node(g, AccessGraph.IdentityKey("u1")).Taint);
    }

    [Fact]
    public void Add_TaintedIdentityReachesANewHost_HostCarriesTheTaintOneHopOnAndItDecays()
    {
        var g = NewGraph();
        g.Add(SignIn("j.doe", Events.Start, "ws-1"));
        g.Taint(Node(g, AccessGraph.IdentityKey("j.doe")), 1f, Events.Start + Minute);

        g.Add(SignIn("j.doe", Events.Start + (61 * Minute), "db-7"));

        var db = Node(g, AccessGraph.ResourceKey("db-7"));
        Assert.Equal(0.25f, db.Taint, 4); // one half-life later, then one hop
        Assert.Equal("j.doe → host db-7", db.TaintPath);
        Assert.Equal(Events.Start + Minute, db.TaintOriginMs);
        Assert.Equal(0.125f, db.TaintAt(Events.Start + (121 * Minute), HalfLife), 4);
    }

    [Fact]
    public void MayBeTainted_BeforeAnyTaintWithinAndAfterFiveHalfLives_OnlyWithin()
    {
        var g = NewGraph();
        g.Add(SignIn("j.doe", Events.Start, "ws-1"));
        Assert.False(g.MayBeTainted(Events.Start));

        g.Taint(Node(g, AccessGraph.IdentityKey("j.doe")), 1f, Events.Start);

        Assert.True(g.MayBeTainted(Events.Start + (4 * HalfLife)));
        Assert.False(g.MayBeTainted(Events.Start + (5 * HalfLife))); // 1/32 of the strongest taint is below the floor
        Assert.True(Node(g, AccessGraph.IdentityKey("j.doe")).TaintAt(Events.Start + (5 * HalfLife), HalfLife) < AccessGraph.TaintFloor);
        var restored = AccessGraph.ReadFrom(new BinaryReader(new MemoryStream(Write(g))));
        Assert.True(restored.MayBeTainted(Events.Start + HalfLife)); // rebuilt from the nodes
    }

    [Fact]
    public void ReadFrom_WrittenGraph_SameBytesAgainAndCorruptCountsRefused()
    {
        var g = NewGraph();
        g.Add(SignIn("j.doe", Events.Start, "db-7", device: "LAPTOP-7"));
        g.Add(SignIn("k.roe", Events.Start + Minute, "db-7", device: "LAPTOP-7"));
        g.Taint(Node(g, AccessGraph.IdentityKey("j.doe")), 0.9f, Events.Start + (2 * Minute));
        byte[] bytes = Write(g);

        var restored = AccessGraph.ReadFrom(new BinaryReader(new MemoryStream(bytes)));

        Assert.Equal(bytes, Write(restored));
        Assert.Equal("j.doe → device LAPTOP-7 → k.roe", Node(restored, AccessGraph.IdentityKey("k.roe")).TaintPath);
        BitConverter.GetBytes(int.MaxValue).CopyTo(bytes, 36); // the node count, after six header fields (36 bytes)
        Assert.Throws<InvalidDataException>(() => AccessGraph.ReadFrom(new BinaryReader(new MemoryStream(bytes))));
    }

    private static byte[] Write(AccessGraph g)
    {
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            g.WriteTo(w);
        }

        return stream.ToArray();
    }
}
