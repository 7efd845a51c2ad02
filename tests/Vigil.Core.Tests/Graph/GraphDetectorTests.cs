using Vigil.Core.Engine;
using Vigil.Core.Graph;
using Vigil.Core.Scoring;
using Vigil.Core.Telemetry;
using Vigil.Core.Tests.TestSupport;

namespace Vigil.Core.Tests.Graph;

public sealed class GraphDetectorTests
{
    private const long Minute = 60_000;

    /// <summary>
    /// Ten days of twelve people each reading three hosts of their own a few times a day, then one of them (the
    /// foothold) reaching 30 hosts of the others within three minutes: lateral movement after a compromise.
    /// </summary>
    private static List<TelemetryEvent> FootholdStream()
    {
        var events = new List<TelemetryEvent>();
        for (int day = 0; day < 10; day++)
        {
            for (int u = 0; u < 12; u++)
            {
                for (int visit = 0; visit < 6; visit++)
                {
                    long at = Events.Start + (day * 86_400_000L) + (u * 7 * Minute) + (visit * 53 * Minute);
                    events.Add(Events.Access("user" + u, at, $"host-{u}-{visit % 3}", ip: $"81.2.{60 + u}.10"));
                }
            }
        }

        long attack = Events.Start + (10 * 86_400_000L) + (2 * 60 * Minute);
        for (int hop = 0; hop < 30; hop++)
        {
            events.Add(Events.Access("user3", attack + (hop * 6_000), $"host-{hop % 12}-{hop % 3}", ip: "81.2.63.10") with { AttackType = "lateral_movement" });
        }

        return events;
    }

    private static bool HasGraphFactor(in RiskAssessment a)
    {
        for (int i = 0; i < a.FactorCount; i++)
        {
            if (a.Factor(i).Code is ReasonCode.GraphEdgeBurst or ReasonCode.GraphSourceBurst or ReasonCode.GraphDestinationBurst)
            {
                return true;
            }
        }

        return false;
    }

    [Fact]
    public void Observe_FootholdReachesManyHostsInMinutes_SourceBurstNamedWithCounts()
    {
        var engine = new VigilEngine();
        RiskFactor? burst = null;
        int benignHits = 0;
        foreach (var e in FootholdStream())
        {
            var a = engine.Observe(e);
            for (int i = 0; i < a.FactorCount; i++)
            {
                if (a.Factor(i).Code == ReasonCode.GraphSourceBurst && e.AttackType is not null)
                {
                    burst ??= a.Factor(i);
                }
            }

            benignHits += e.AttackType is null && e.TimestampMs > Events.Start + 86_400_000L && HasGraphFactor(a) ? 1 : 0;
        }

        Assert.NotNull(burst);
        Assert.True(burst.Value.Value1 >= GraphDetector.MinimumNodeBurst);
        Assert.Contains("suddenly reaches far more than usual", burst.Value.Describe(), StringComparison.Ordinal);
        Assert.Equal(0, benignHits);
    }

    [Fact]
    public void Observe_NightlyBatchBurst_FlaggedTheFirstNightOnlyThenItsHabit()
    {
        var engine = new VigilEngine();
        // Three days of a call every two hours, then the job's first nightly run and five more.
        for (int call = 0; call < 36; call++)
        {
            engine.Observe(Events.Access("etl", Events.Start + (call * 120 * Minute), "warehouse/0", kind: IdentityKind.Workload));
        }

        var nightsFlagged = new List<int>();
        for (int night = 0; night < 6; night++)
        {
            bool flagged = false;
            for (int call = 0; call < 120; call++)
            {
                long at = Events.Start + ((3 + night) * 86_400_000L) + (2 * 60 * Minute) + (call * 2_000);
                var a = engine.Observe(Events.Access("etl", at, $"warehouse/{call % 5}", kind: IdentityKind.Workload));
                flagged |= HasGraphFactor(a);
            }

            if (flagged)
            {
                nightsFlagged.Add(night);
            }
        }

        Assert.Equal([0], nightsFlagged);
    }

    [Fact]
    public void Observe_GraphFamilyOff_NoGraphFactorAndNoGraphLearning()
    {
        var engine = new VigilEngine(new VigilEngineOptions { Detectors = DetectorFamilies.All & ~DetectorFamilies.Graph });

        foreach (var e in FootholdStream())
        {
            Assert.False(HasGraphFactor(engine.Observe(e)));
        }
    }

    [Fact]
    public void Assess_BurstProbe_LearnsNothing()
    {
        var observed = new VigilEngine();
        var probed = new VigilEngine();
        foreach (var e in FootholdStream())
        {
            _ = probed.Assess(e with { SubjectId = "user0" }); // requests that never happened
            var a = observed.Observe(e);
            var b = probed.Observe(e);
            Assert.Equal(a.Score, b.Score);
        }
    }

    [Fact]
    public void ReadCheckpoint_MidBurst_ScoresTheRestExactlyAsNeverRestarted()
    {
        var events = FootholdStream();
        int split = events.Count - 20; // inside the foothold's burst: the restored sketches must carry it
        var original = new VigilEngine();
        var source = new VigilEngine();
        foreach (var e in events.Take(split))
        {
            original.Observe(e);
            source.Observe(e);
        }

        using var checkpoint = new MemoryStream();
        source.WriteCheckpoint(checkpoint);
        checkpoint.Position = 0;
        var restored = VigilEngine.ReadCheckpoint(checkpoint);

        int graphHits = 0;
        foreach (var e in events.Skip(split))
        {
            var a = original.Observe(e);
            var b = restored.Observe(e);
            Assert.Equal(a.Score, b.Score);
            Assert.Equal(a.FactorCount, b.FactorCount);
            for (int i = 0; i < a.FactorCount; i++)
            {
                Assert.Equal(a.Factor(i), b.Factor(i));
            }

            graphHits += HasGraphFactor(b) ? 1 : 0;
        }

        Assert.True(graphHits > 0, "the burst continues after the restart");
    }

    [Fact]
    public void ReadCheckpoint_Version2WithoutGraph_RestoresWithEmptySketchesAsANewTenant()
    {
        var events = FootholdStream();
        var engine = new VigilEngine();
        foreach (var e in events.Take(200))
        {
            engine.Observe(e);
        }

        using var v2 = new MemoryStream();
        engine.WriteCheckpointVersion(v2, version: 2);
        Assert.Equal(2, BitConverter.ToInt32(v2.ToArray(), 4));
        v2.Position = 0;

        var restored = VigilEngine.ReadCheckpoint(v2);

        Assert.Equal(engine.IdentityCount, restored.IdentityCount);
        using var again = new MemoryStream();
        restored.WriteCheckpoint(again);
        again.Position = 0;
        var twice = VigilEngine.ReadCheckpoint(again);
        foreach (var e in events.Skip(200).Take(200))
        {
            var a = restored.Observe(e);
            var b = twice.Observe(e);
            Assert.Equal(a.Probability, b.Probability);
        }
    }

    [Fact]
    public void ReadCheckpoint_FutureVersion_SaysWhichVersionsAreRead()
    {
        using var stream = new MemoryStream();
        new VigilEngine().WriteCheckpointVersion(stream, version: 9);
        stream.Position = 0;

        var ex = Assert.Throws<InvalidDataException>(() => VigilEngine.ReadCheckpoint(stream));

        Assert.Contains("versions 2 to 8", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1000)]
    [InlineData(128)]
    public void Options_GraphBucketsNotPowerOfTwoInRange_NamesTheSetting(int buckets)
    {
        var errors = new VigilEngineOptions { GraphSketchBuckets = buckets }.Validate();

        Assert.Contains(errors, e => e.StartsWith("GraphSketchBuckets is " + buckets, StringComparison.Ordinal));
    }

    [Fact]
    public void Strength_ScoreOnTheFloor_ZeroRisingLogarithmicallyToOne()
    {
        Assert.Equal(0f, GraphDetector.Strength(GraphDetector.ScoreFloor));
        Assert.Equal(0.5f, GraphDetector.Strength(GraphDetector.ScoreFloor * 100), 3);
        Assert.Equal(1f, GraphDetector.Strength(double.MaxValue));
        Assert.Equal(0f, GraphDetector.Strength(double.NaN));
    }
}
