using Vigil.Core.Engine;
using Vigil.Core.Graph;
using Vigil.Core.Scoring;
using Vigil.Core.Telemetry;
using Vigil.Core.Tests.TestSupport;

namespace Vigil.Core.Tests.Graph;

public sealed class RiskPathDetectorTests
{
    private const long Minute = 60_000;
    private static readonly long After = Events.AfterHistory + (2 * 60 * Minute);

    /// <summary>A sign-in from a network and country nobody in the tenant uses: scored above the hold-out score.</summary>
    private static TelemetryEvent Risky(string user, long at) => Events.SignIn(user, at, ip: "102.89.4.7", country: "NG", lat: 6.45, lon: 3.39, asn: 29465);

    private static RiskFactor? PathFactor(in RiskAssessment a)
    {
        for (int i = 0; i < a.FactorCount; i++)
        {
            if (a.Factor(i).Code == ReasonCode.GraphRiskPath)
            {
                return a.Factor(i);
            }
        }

        return null;
    }

    private static VigilEngine Trained(out int benignPathHits)
    {
        var engine = new VigilEngine();
        benignPathHits = 0;
        foreach (var e in Events.History(12))
        {
            benignPathHits += PathFactor(engine.Observe(e)) is null ? 0 : 1;
        }

        return engine;
    }

    [Fact]
    public void Observe_RiskySignInThenAHostItNeverReached_RiskPathNamesTheHostAndTheMinutes()
    {
        var engine = Trained(out int benign);
        Assert.True(engine.Observe(Risky("user3", After)).Score >= engine.Options.HoldOutScore);

        var hop = engine.Observe(Events.Access("user3", After + (3 * Minute), "db-7", ip: "102.89.4.7") with { ResourceType = "host" });

        var factor = Assert.NotNull(PathFactor(hop));
        Assert.Equal("user3 → host db-7", factor.Text);
        Assert.Equal(3, factor.Value1, 6);
        Assert.Equal("Along a path from a risky identity: user3 → host db-7, reached 3 min after the risky event at its start, 1 hop(s) away.", factor.Describe());
        Assert.Equal(0, benign);
    }

    [Fact]
    public void Observe_RiskyIdentitysUsualResource_NoRiskPath()
    {
        var engine = Trained(out _);
        engine.Observe(Risky("user3", After));

        // What it reached before is not a new path, and the taint it left on its own nodes is not news about itself.
        Assert.Null(PathFactor(engine.Observe(Events.Access("user3", After + Minute, "finance-app/reports", ip: "102.89.4.7"))));
    }

    [Fact]
    public void Observe_AnotherIdentityFromTheRiskySignInsAddress_RiskPathNamesTheAddress()
    {
        var engine = Trained(out _);
        engine.Observe(Risky("user3", After));

        var other = engine.Observe(Events.Access("user5", After + (10 * Minute), "finance-app/reports", ip: "102.89.4.7"));

        var factor = Assert.NotNull(PathFactor(other));
        Assert.Equal("user3 → address 102.89.4.7", factor.Text);
        Assert.Equal(10, factor.Value1, 6);
    }

    [Fact]
    public void Observe_AnotherIdentityOnAResourceEveryoneUses_NoRiskPath()
    {
        var engine = Trained(out _);
        engine.Observe(Risky("user3", After));
        engine.Observe(Events.Access("user3", After + Minute, "finance-app/reports", ip: "102.89.4.7")); // carries the taint there

        // Twelve identities use the share: reaching it after someone else's risky event is no path between them.
        Assert.Null(PathFactor(engine.Observe(Events.Access("user5", After + (2 * Minute), "finance-app/reports", ip: "81.2.65.10"))));
    }

    [Fact]
    public void Assess_NewHostAfterARiskySignIn_NamesThePathAndLearnsNothing()
    {
        var engine = Trained(out _);
        engine.Observe(Risky("user3", After));
        var request = Events.Access("user3", After + Minute, "db-7");

        var first = engine.Assess(request);
        var second = engine.Assess(request);

        Assert.NotNull(PathFactor(first));
        Assert.Equal(PathFactor(first), PathFactor(second)); // still a new path: the assessment added no edge
    }

    [Fact]
    public void ReadCheckpoint_AfterARiskySignIn_ScoresTheRestAsNeverRestartedAndWritesTheSameBytes()
    {
        var original = Trained(out _);
        var source = Trained(out _);
        original.Observe(Risky("user3", After));
        source.Observe(Risky("user3", After));
        using var checkpoint = new MemoryStream();
        source.WriteCheckpoint(checkpoint);
        checkpoint.Position = 0;
        var restored = VigilEngine.ReadCheckpoint(checkpoint);

        int pathHits = 0;
        for (int i = 0; i < 20; i++)
        {
            var e = Events.Access("user" + (i % 12), After + ((i + 1) * Minute), i % 3 == 0 ? "db-" + i : "finance-app/reports", ip: i % 2 == 0 ? "102.89.4.7" : $"81.2.{60 + (i % 12)}.10");
            var a = original.Observe(e);
            var b = restored.Observe(e);
            Assert.Equal(a.Score, b.Score);
            Assert.Equal(PathFactor(a), PathFactor(b));
            pathHits += PathFactor(b) is null ? 0 : 1;
        }

        Assert.True(pathHits > 0, "the taint survives the restart");
        Assert.Equal(Bytes(original), Bytes(restored));
    }

    [Fact]
    public void ReadCheckpoint_Version5_RestoresWithAnEmptyAccessGraphThatLearnsAgain()
    {
        var engine = Trained(out _);
        using var v5 = new MemoryStream();
        engine.WriteCheckpointVersion(v5, version: 5);
        v5.Position = 0;

        var restored = VigilEngine.ReadCheckpoint(v5);
        restored.Observe(Risky("user3", After));

        Assert.NotNull(PathFactor(restored.Observe(Events.Access("user3", After + Minute, "db-7"))));
    }

    private static byte[] Bytes(VigilEngine engine)
    {
        using var stream = new MemoryStream();
        engine.WriteCheckpoint(stream);
        return stream.ToArray();
    }
}
