using Vigil.Core.Engine;
using Vigil.Core.Scoring;
using Vigil.Core.Supervised;
using Vigil.Core.Telemetry;
using Vigil.Core.Tests.TestSupport;
using Vigil.Enrichment.Ip;

namespace Vigil.Core.Tests.Supervised;

public sealed class SupervisedFamilyTests
{
    private static VigilEngine Engine(SupervisedModel? model) => new(new VigilEngineOptions { SupervisedModel = model });

    private static VigilEngine Trained(SupervisedModel? model)
    {
        var engine = Engine(model);
        foreach (var e in Events.History(4))
        {
            engine.Observe(e);
        }

        return engine;
    }

    // A sign-in from a hosting provider's network, in the user's own country and browser: what a takeover that copies
    // the victim's browser looks like.
    private static TelemetryEvent HostingSignIn(string user = "user1") =>
        Events.SignIn(user, Events.AfterHistory, ip: "203.0.113.9", asn: 64_500) with { SourceCategories = IpCategory.Hosting };

    [Fact]
    public void Observe_HostingSourceOnNewNetwork_ExplainsWithThoseFeatures()
    {
        var engine = Trained(TinyModel.Create());

        var a = engine.Observe(HostingSignIn());

        Assert.True(a.Has(ReasonCode.SupervisedCompromisePattern));
        Assert.Equal(1.0 / (1.0 + Math.Exp(-3.0)), a.SupervisedProbability, 6);
        var factor = Enumerable.Range(0, a.FactorCount).Select(a.Factor).Single(f => f.Code == ReasonCode.SupervisedCompromisePattern);
        Assert.Equal("VG1801", factor.CodeText);
        Assert.Equal(
            "Resembles confirmed compromises: the model trained on labelled attacks rates it 95% likely to be one, mostly for a source at a hosting provider, a network provider (ASN) the identity rarely or never used.",
            factor.Describe());
    }

    [Fact]
    public void Observe_FamiliarOfficeSignIn_NoSupervisedReason()
    {
        var engine = Trained(TinyModel.Create());

        var a = engine.Observe(Events.SignIn("user1", Events.AfterHistory, ip: "81.2.61.10"));

        Assert.False(a.Has(ReasonCode.SupervisedCompromisePattern));
        Assert.Equal(1.0 / (1.0 + Math.Exp(3.0)), a.SupervisedProbability, 6);
    }

    [Fact]
    public void Observe_ModelAgreesWithOtherFamilies_FusedScoreRises()
    {
        var without = Trained(null).Observe(HostingSignIn());
        var with = Trained(TinyModel.Create()).Observe(HostingSignIn());

        Assert.True(with.Score > without.Score, $"fused {with.Score} should exceed {without.Score}");
        Assert.Equal(0, without.SupervisedProbability);
    }

    [Fact]
    public void Observe_NoModel_SameScoresAsWithoutTheFamily()
    {
        var inert = Engine(null);
        var excluded = new VigilEngine(new VigilEngineOptions { Detectors = DetectorFamilies.All & ~DetectorFamilies.Supervised, SupervisedModel = TinyModel.Create() });
        foreach (var e in Events.History(3).Append(HostingSignIn()))
        {
            var a = inert.Observe(e);
            var b = excluded.Observe(e);
            Assert.Equal(a.Probability, b.Probability);
            Assert.Equal(a.FactorCount, b.FactorCount);
        }
    }

    [Fact]
    public void Observe_SameEventsTwice_SameProbabilities()
    {
        var a = Trained(SupervisedModel.Starter);
        var b = Trained(SupervisedModel.Starter);
        var x = a.Observe(HostingSignIn());
        var y = b.Observe(HostingSignIn());
        Assert.Equal(x.Probability, y.Probability);
        Assert.Equal(x.SupervisedProbability, y.SupervisedProbability);
    }

    [Fact]
    public void ReadCheckpoint_WithModel_ScoresTheRestAsTheOriginal()
    {
        var events = Events.History(4).ToList();
        events.Add(HostingSignIn());
        events.Add(Events.SignIn("user2", Events.AfterHistory + 60_000, ip: "198.51.100.4", country: "NG", lat: 6.45, lon: 3.39, asn: 29_465));
        int split = events.Count / 2;
        var options = new VigilEngineOptions { SupervisedModel = TinyModel.Create() };
        var original = new VigilEngine(options);
        foreach (var e in events.Take(split))
        {
            original.Observe(e);
        }

        using var checkpoint = new MemoryStream();
        original.WriteCheckpoint(checkpoint);
        checkpoint.Position = 0;
        var restored = VigilEngine.ReadCheckpoint(checkpoint, options);
        foreach (var e in events.Skip(split))
        {
            var a = original.Observe(e);
            var b = restored.Observe(e);
            Assert.Equal(a.Probability, b.Probability);
            Assert.Equal(a.SupervisedProbability, b.SupervisedProbability);
        }
    }

    [Fact]
    public void Observe_ShadowModel_RecordedNotUsed()
    {
        var plain = Trained(null).Observe(HostingSignIn());
        var engine = new VigilEngine(new VigilEngineOptions { ShadowModel = TinyModel.Create() });
        foreach (var e in Events.History(4))
        {
            engine.Observe(e);
        }

        var shadowed = engine.Observe(HostingSignIn());

        Assert.Equal(plain.Probability, shadowed.Probability);
        Assert.False(shadowed.Has(ReasonCode.SupervisedCompromisePattern));
        Assert.Equal(1.0 / (1.0 + Math.Exp(-3.0)), shadowed.ShadowProbability, 6);
    }

    [Fact]
    public void Observe_FeatureSink_WritesTheVectorTheModelSees()
    {
        var engine = Trained(null);
        var x = new float[VigilEngine.SupervisedFeatureCount];

        engine.Observe(HostingSignIn(), x);

        Assert.Equal(1f, x[SupervisedFeatures.Hosting]);
        Assert.Equal(1f, x[SupervisedFeatures.AsnNovelty]);
        Assert.Equal((float)EventKind.SignIn, x[SupervisedFeatures.Kind]);
        Assert.Equal("hosting", VigilEngine.SupervisedFeatureName(SupervisedFeatures.Hosting));
    }

    [Fact]
    public void Validate_ModelOfAnotherLayout_NamesTheSetting()
    {
        var stale = new SupervisedModel("old", SupervisedFeatures.SchemaVersion + 1, SupervisedFeatures.Count, 0, -1, 0, [~0], [], [], [], [], [1f]);
        var errors = new VigilEngineOptions { SupervisedModel = stale }.Validate();
        Assert.Contains(errors, e => e.StartsWith("SupervisedModel 'old'", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(-0.1, 0.05)]
    [InlineData(0.9, 1.5)]
    public void Validate_WeightOrMinimumOutOfRange_NamesTheSetting(double weight, double minimum)
    {
        var errors = new VigilEngineOptions { SupervisedWeight = weight, SupervisedMinimumProbability = minimum }.Validate();
        Assert.Single(errors);
        Assert.Contains(errors, e => e.StartsWith("Supervised", StringComparison.Ordinal));
    }
}
