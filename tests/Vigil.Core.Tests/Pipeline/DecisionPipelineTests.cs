using Vigil.Core.Decisions;
using Vigil.Core.Engine;
using Vigil.Core.Enrichment;
using Vigil.Core.Pipeline;
using Vigil.Core.Policies;
using Vigil.Core.Telemetry;
using Vigil.Core.Tests.TestSupport;
using Vigil.Enrichment.Ip;

namespace Vigil.Core.Tests.Pipeline;

public sealed class DecisionPipelineTests
{
    /// <summary>Puts every source address on the anonymiser list, as a loaded IP list would for a Tor exit.</summary>
    private sealed class EverythingIsAnonymous : IEventEnricher
    {
        public int Calls { get; private set; }

        public TelemetryEvent Enrich(in TelemetryEvent telemetryEvent)
        {
            Calls++;
            return telemetryEvent with { SourceCategories = telemetryEvent.SourceCategories | IpCategory.Anonymizer };
        }
    }

    private static DecisionPipeline Trained(IEventEnricher? enricher, IDecisionPolicy? policy = null)
    {
        var pipeline = new DecisionPipeline(new VigilEngine(new VigilEngineOptions { Seed = 1 }), enricher, policy);
        long at = Events.Start;
        for (int day = 0; day < 14; day++, at += 86_400_000L)
        {
            pipeline.Engine.Observe(Events.SignIn("alice", at));
        }

        return pipeline;
    }

    private static byte[] State(DecisionPipeline pipeline)
    {
        using var bytes = new MemoryStream();
        pipeline.Engine.WriteCheckpoint(bytes);
        return bytes.ToArray();
    }

    [Fact]
    public void Observe_WithAnEnricher_ScoresAndReturnsTheEnrichedEvent()
    {
        var enricher = new EverythingIsAnonymous();
        var pipeline = Trained(enricher, PolicyCompiler.Default());
        var scored = pipeline.Observe(7, Events.SignIn("alice", Events.Start + (15 * 86_400_000L)));

        Assert.Equal(1, enricher.Calls);
        Assert.Equal(7, scored.LineNumber);
        Assert.True(scored.Event.SourceCategories.HasFlag(IpCategory.Anonymizer));
        Assert.Contains(Enumerable.Range(0, scored.Assessment.FactorCount), i => scored.Assessment.Factor(i).CodeText == "VG1201");
        Assert.Equal("default", scored.Decision.PolicyVersion?.Split('-')[0]);
    }

    [Fact]
    public void Observe_SameEventWithAndWithoutTheEnricher_OnlyTheEnrichedOneCarriesTheListReason()
    {
        var sign = Events.SignIn("alice", Events.Start + (15 * 86_400_000L));
        var plain = Trained(enricher: null).Observe(1, sign);
        var enriched = Trained(new EverythingIsAnonymous()).Observe(1, sign);

        Assert.DoesNotContain(Enumerable.Range(0, plain.Assessment.FactorCount), i => plain.Assessment.Factor(i).CodeText == "VG1201");
        Assert.True(enriched.Assessment.Score > plain.Assessment.Score);
    }

    [Fact]
    public void Observe_WithoutAPolicy_ScoresAndLeavesTheDecisionDefault()
    {
        var scored = Trained(enricher: null).Observe(1, Events.SignIn("alice", Events.Start + (15 * 86_400_000L)));

        Assert.Equal(default, scored.Decision);
        Assert.True(scored.Assessment.Score >= 0);
    }

    [Fact]
    public void Assess_LearnsNothing_ObserveLearns()
    {
        var pipeline = Trained(enricher: null);
        var next = Events.SignIn("alice", Events.Start + (15 * 86_400_000L));

        byte[] before = State(pipeline);
        var first = pipeline.Assess(next, out _);
        var again = pipeline.Assess(next, out _);
        Assert.Equal(first.Score, again.Score);
        Assert.Equal(before, State(pipeline));

        var observed = pipeline.Observe(1, next);
        Assert.Equal(first.Score, observed.Assessment.Score); // scored before it is learned
        Assert.NotEqual(before, State(pipeline));
    }

    [Fact]
    public void Observe_WithAFeatureBuffer_WritesEachEventsSupervisedFeatures()
    {
        var pipeline = new DecisionPipeline(new VigilEngine(new VigilEngineOptions { Seed = 1 })) { Features = new float[VigilEngine.SupervisedFeatureCount] };
        pipeline.Observe(1, Events.SignIn("alice", Events.Start));

        Assert.Contains(pipeline.Features!, v => v != 0);
    }
}
