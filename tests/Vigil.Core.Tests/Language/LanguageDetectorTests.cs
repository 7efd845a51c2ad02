using Vigil.Core.Engine;
using Vigil.Core.Scoring;
using Vigil.Core.Tests.TestSupport;

namespace Vigil.Core.Tests.Language;

public sealed class LanguageDetectorTests
{
    private static VigilEngine Engine(HashingTextEmbedder? embedder = null) => new(new VigilEngineOptions { TextEmbedder = embedder ?? new HashingTextEmbedder() });

    [Fact]
    public void Observe_HijackedAgentExportsRecords_GivesIntentMismatchNamingTheRiskyAction()
    {
        var engine = Engine();
        foreach (var e in LanguageEvents.AgentHistory("agent-7"))
        {
            Assert.False(engine.Observe(e).Factors().Any(f => f.Code == ReasonCode.AgentIntentMismatch), "on-task calls fit the task");
        }

        var hijack = engine.Observe(LanguageEvents.ToolCall("agent-7", Events.Start + (61 * 600_000L), "export all customer records"));

        var factor = Assert.Single(hijack.Factors(), f => f.Code == ReasonCode.AgentIntentMismatch);
        Assert.Equal(1f, factor.Strength);
        Assert.Contains("does not fit its task", factor.Describe(), StringComparison.Ordinal);
        Assert.Contains("it reads like: export all customer records", factor.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void Observe_AgentCallUnrelatedButNotRisky_IsWeakerThanARiskyOne()
    {
        var engine = Engine();
        foreach (var e in LanguageEvents.AgentHistory("agent-7"))
        {
            engine.Observe(e);
        }

        var odd = engine.Assess(LanguageEvents.ToolCall("agent-7", Events.Start + (61 * 600_000L), "weather.forecast berlin"));
        var risky = engine.Assess(LanguageEvents.ToolCall("agent-7", Events.Start + (61 * 600_000L), "grant administrator role"));

        float Strength(RiskAssessment a) => a.Factors().Single(f => f.Code == ReasonCode.AgentIntentMismatch).Strength;
        Assert.True(Strength(odd) < Strength(risky));
    }

    [Fact]
    public void Observe_AgentRouteWithoutToolCall_IsNoIntentMismatch()
    {
        var engine = Engine();
        foreach (var e in LanguageEvents.AgentHistory("agent-7"))
        {
            engine.Observe(e);
        }

        // The lab's agents read "/spaces" or "/eng/v1" between tool calls; a bare route says nothing about a task.
        var route = LanguageEvents.ToolCall("agent-7", Events.Start + (61 * 600_000L), "unused") with
        {
            Kind = Vigil.Core.Telemetry.EventKind.ResourceAccess,
            ToolName = null,
            ToolArguments = null,
            ResourceAction = "read",
            UrlPath = "/spaces",
        };

        Assert.DoesNotContain(engine.Assess(route).Factors(), f => f.Code == ReasonCode.AgentIntentMismatch);
    }

    [Fact]
    public void Observe_NewAgentOffTaskCall_IsAMismatchOnlyWhenItReadsLikeARiskyAction()
    {
        var engine = Engine();

        var odd = engine.Assess(LanguageEvents.ToolCall("agent-new", Events.Start, "weather.forecast berlin"));
        var risky = engine.Assess(LanguageEvents.ToolCall("agent-new", Events.Start, "grant administrator role"));

        Assert.DoesNotContain(odd.Factors(), f => f.Code == ReasonCode.AgentIntentMismatch);
        Assert.Single(risky.Factors(), f => f.Code == ReasonCode.AgentIntentMismatch);
    }

    [Fact]
    public void Observe_PersonCallsARouteNobodyUses_GivesTextNovelWithTheRoute()
    {
        var engine = Engine();
        string[] paths = ["/api/tickets open", "/api/tickets comments", "/api/tickets search", "/api/tickets assign"];
        for (int i = 0; i < 40; i++)
        {
            engine.Observe(LanguageEvents.Route("user1", Events.Start + (i * 600_000L), "GET", paths[i % paths.Length]));
        }

        var usual = engine.Observe(LanguageEvents.Route("user1", Events.Start + (41 * 600_000L), "GET", "/api/tickets open"));
        var dump = engine.Observe(LanguageEvents.Route("user1", Events.Start + (42 * 600_000L), "POST", "/admin/database/dump users table"));

        Assert.DoesNotContain(usual.Factors(), f => f.Code == ReasonCode.TextNovel);
        var factor = Assert.Single(dump.Factors(), f => f.Code == ReasonCode.TextNovel);
        Assert.Contains("'POST /admin/database/dump users table' is unlike anything", factor.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void Observe_TooLittleHistory_DoesNotJudgeNovelty()
    {
        var engine = Engine();
        for (int i = 0; i < TextNoveltyMinimum - 1; i++)
        {
            engine.Observe(LanguageEvents.Route("user1", Events.Start + (i * 600_000L), "GET", "/api/tickets open"));
        }

        var dump = engine.Observe(LanguageEvents.Route("user1", Events.Start + (50 * 600_000L), "POST", "/admin/database/dump users table"));

        Assert.DoesNotContain(dump.Factors(), f => f.Code == ReasonCode.TextNovel);
    }

    [Fact]
    public void Observe_NoEmbedder_LanguageFamilyStaysSilent()
    {
        var engine = new VigilEngine();
        foreach (var e in LanguageEvents.AgentHistory("agent-7"))
        {
            engine.Observe(e);
        }

        var hijack = engine.Observe(LanguageEvents.ToolCall("agent-7", Events.Start + (61 * 600_000L), "export all customer records"));

        Assert.DoesNotContain(hijack.Factors(), f => f.Code is ReasonCode.AgentIntentMismatch or ReasonCode.TextNovel);
    }

    [Fact]
    public void Observe_LanguageFamilyNotSelected_NeverCallsTheEmbedder()
    {
        var embedder = new HashingTextEmbedder();
        var engine = new VigilEngine(new VigilEngineOptions { TextEmbedder = embedder, Detectors = DetectorFamilies.All & ~DetectorFamilies.Language });
        foreach (var e in LanguageEvents.AgentHistory("agent-7", calls: 10))
        {
            engine.Observe(e);
        }

        Assert.Equal(0, embedder.Calls);
    }

    [Fact]
    public void Observe_HijackIsNotLearned_SoItStaysAMismatchWhenRepeated()
    {
        var engine = Engine();
        foreach (var e in LanguageEvents.AgentHistory("agent-7"))
        {
            engine.Observe(e);
        }

        for (int i = 0; i < 30; i++)
        {
            var a = engine.Observe(LanguageEvents.ToolCall("agent-7", Events.Start + ((61 + i) * 600_000L), "export all customer records"));
            Assert.Contains(a.Factors(), f => f.Code == ReasonCode.AgentIntentMismatch);
        }
    }

    [Fact]
    public void Assess_LanguageOnWithCachedTexts_AllocatesNothing()
    {
        var engine = new VigilEngine(new VigilEngineOptions { TextEmbedder = new CachingTextEmbedder() });
        foreach (var e in LanguageEvents.AgentHistory("agent-7"))
        {
            engine.Observe(e);
        }

        var request = LanguageEvents.ToolCall("agent-7", Events.Start + (61 * 600_000L), LanguageEvents.OnTaskCalls[0]);
        engine.Assess(request);

        // The least of three rounds: a one-off allocation (tiered compilation on a busy machine) shows in one round only.
        long allocated = long.MaxValue;
        for (int round = 0; round < 3; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 1_000; i++)
            {
                engine.Assess(request);
            }

            allocated = Math.Min(allocated, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        Assert.Equal(0, allocated);
    }

    private const int TextNoveltyMinimum = Vigil.Core.Language.TextNoveltyDetector.MinimumHistory;
}
