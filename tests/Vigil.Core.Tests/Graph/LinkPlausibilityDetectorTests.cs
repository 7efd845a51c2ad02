using Vigil.Core.Engine;
using Vigil.Core.Graph;
using Vigil.Core.Scoring;
using Vigil.Core.Telemetry;
using Vigil.Core.Tests.TestSupport;

namespace Vigil.Core.Tests.Graph;

public sealed class LinkPlausibilityDetectorTests
{
    private const long Minute = 60_000;
    private const long Day = 86_400_000;
    private static readonly long After = Events.AfterHistory + (2 * 60 * Minute);

    private static RiskFactor? LinkFactor(in RiskAssessment a)
    {
        for (int i = 0; i < a.FactorCount; i++)
        {
            if (a.Factor(i).Code == ReasonCode.GraphImplausibleLink)
            {
                return a.Factor(i);
            }
        }

        return null;
    }

    /// <summary>Twelve finance users with their reports (Events.History), and four engineers reaching the build host for a week.</summary>
    private static VigilEngine Trained(out int benignHits, VigilEngineOptions? options = null)
    {
        var engine = new VigilEngine(options ?? new VigilEngineOptions());
        var engineering = Enumerable.Range(0, 7).SelectMany(day => Enumerable.Range(0, 4).Select(u =>
            Events.Access("eng" + u, Events.AfterHistory - ((7 - day) * Day) + (u * Minute), "build-7") with { Department = "engineering", ResourceType = "host" }));
        benignHits = 0;
        foreach (var e in Events.History(12).Concat(engineering).OrderBy(e => e.TimestampMs))
        {
            benignHits += LinkFactor(engine.Observe(e)) is null ? 0 : 1;
        }

        return engine;
    }

    [Fact]
    public void Observe_FinanceUserReachesTheEngineersBuildHost_ImplausibleLinkNamesTheHostAndTheGroup()
    {
        var engine = Trained(out int benign);

        var hop = engine.Observe(Events.Access("user3", After, "build-7") with { ResourceType = "host" });

        var factor = Assert.NotNull(LinkFactor(hop));
        Assert.Equal("host build-7; no identity in finance reaches it", factor.Text);
        Assert.Equal(4, factor.Value1);
        Assert.Equal("First access to host build-7; no identity in finance reaches it (4 other identities do): a link outside this identity's neighbourhood.", factor.Describe());
        Assert.Equal(0, benign);

        // Learned: the same access again is no longer a first.
        Assert.Null(LinkFactor(engine.Observe(Events.Access("user3", After + Minute, "build-7") with { ResourceType = "host" })));
    }

    [Fact]
    public void Observe_AResourceAPeerReachesOrANewcomersFirstDay_NoFactor()
    {
        var engine = Trained(out _);

        // user0..user11 all reach the reports; a new finance share reached by user1 is plausible for user2.
        engine.Observe(Events.Access("user1", After, "finance-share"));
        Assert.Null(LinkFactor(engine.Observe(Events.Access("user2", After + Minute, "finance-share"))));

        // A newcomer to finance is not judged against it on its first day.
        Assert.Null(LinkFactor(engine.Observe(Events.Access("newcomer", After + (2 * Minute), "build-7") with { ResourceType = "host" })));
    }

    [Fact]
    public void Observe_ATargetNobodyReachedBefore_WeakerFactorAndOffWhenDisabled()
    {
        var engine = Trained(out _);
        var first = engine.Observe(Events.Access("user4", After, "db-exports"));

        var factor = Assert.NotNull(LinkFactor(first));
        Assert.Equal(0, factor.Value1);
        Assert.Equal(LinkPlausibilityDetector.UnreachedStrength, factor.Strength);
        Assert.Equal("First access to db-exports, which no identity reached before: a link outside this identity's neighbourhood.", factor.Describe());

        var off = Trained(out int offHits, new VigilEngineOptions { GraphLinkPlausibility = false });
        Assert.Null(LinkFactor(off.Observe(Events.Access("user3", After, "build-7") with { ResourceType = "host" })));
        Assert.Equal(0, offHits);
    }

    [Fact]
    public void Assess_SameNewLinkTwice_SameAnswerAndNothingLearned()
    {
        var engine = Trained(out _);
        var e = Events.Access("user3", After, "build-7") with { ResourceType = "host" };

        var a = engine.Assess(e);
        var b = engine.Assess(e);

        Assert.Equal(a.Score, b.Score);
        Assert.Equal(LinkFactor(a), LinkFactor(b));
        Assert.NotNull(LinkFactor(engine.Observe(e))); // Assess learned nothing: the link is still a first
    }

    [Fact]
    public void Plausibility_ForeignTargetsOwnTargetAndNewMember_OnlyForeignOnesAfterADay()
    {
        var g = new AccessGraph(1000, 4, 30, 60 * Minute);
        long t = Events.Start;
        for (int u = 0; u < 4; u++)
        {
            g.Add(Events.Access("f" + u, t, "own") with { Department = "finance" });
            g.Add(Events.Access("e" + u, t, "mail") with { Department = "engineering" });
        }

        var f0 = g.Find(AccessGraph.IdentityKey("f0"));
        long later = t + (2 * Day);
        Assert.Equal(new LinkPlausibility(true, 4), g.Plausibility(f0, AccessGraph.ResourceKey("mail"), AccessGraph.GroupKey("finance"), later)); // sources up to the cap, none in finance
        g.Add(Events.Access("e0", t + 1, "build") with { Department = "engineering" });
        Assert.Equal(new LinkPlausibility(true, 1), g.Plausibility(f0, AccessGraph.ResourceKey("build"), AccessGraph.GroupKey("finance"), later));
        Assert.False(g.Plausibility(f0, AccessGraph.ResourceKey("build"), AccessGraph.GroupKey("finance"), t + Minute).Implausible); // a member for a minute only
        Assert.False(g.Plausibility(f0, AccessGraph.ResourceKey("own"), AccessGraph.GroupKey("finance"), later).Implausible); // its own
    }
}
