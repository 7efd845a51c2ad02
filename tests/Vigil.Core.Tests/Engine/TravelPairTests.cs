using Vigil.Core.Engine;
using Vigil.Core.Feedback;
using Vigil.Core.Scoring;
using Vigil.Core.Telemetry;
using Vigil.Core.Tests.TestSupport;

namespace Vigil.Core.Tests.Engine;

/// <summary>
/// Issue 13, item 1: confirm_safe on an impossible-travel alert makes its two networks a known pair for that identity
/// (either direction), so the return leg to a network still on probation stops alerting; the pair is personal,
/// survives checkpoints and eviction, and decays.
/// </summary>
public sealed class TravelPairTests
{
    private const long Hour = 3_600_000L;
    private static readonly long After = Events.AfterHistory;

    /// <summary>A hotel network in Munich (the identities live in Berlin): new, so it waits on probation when first used, unlearned.</summary>
    private static TelemetryEvent Munich(string user, long at, string id) => Events.SignIn(user, at, ip: "91.20.30.40", country: "DE", lat: 48.14, lon: 11.58, asn: 3209, id: id);

    /// <summary>A hotel network in New York, another new one.</summary>
    private static TelemetryEvent NewYork(string user, long at, string id) => Events.SignIn(user, at, ip: "24.90.1.2", country: "US", lat: 40.71, lon: -74.0, asn: 12271, id: id);

    /// <summary>
    /// Identities with three weeks in Berlin. Nothing is held out of learning, as a jump scoring between the alert level
    /// (40) and the hold level (50) is not: the jump then moves the identity's last location, so the way back is a jump too.
    /// </summary>
    private static VigilEngine Trained(int users, VigilEngineOptions? options = null)
    {
        var engine = new VigilEngine(options ?? new VigilEngineOptions { HoldOutScore = 100 });
        foreach (var e in Events.History(users))
        {
            engine.Observe(e);
        }

        return engine;
    }

    private static ulong[] Pattern(in TelemetryEvent e, in RiskAssessment a)
    {
        var pattern = new ulong[VigilEngine.PatternLength];
        VigilEngine.PatternOf(e, a, pattern);
        return pattern;
    }

    /// <summary>Munich, then New York an hour later (impossible): returns the jump and its alert.</summary>
    private static (TelemetryEvent Jump, RiskAssessment Alert) Trip(VigilEngine engine, string user)
    {
        engine.Observe(Munich(user, After, user + "-munich"));
        var jump = NewYork(user, After + Hour, user + "-ny");
        return (jump, engine.Observe(jump));
    }

    [Fact]
    public void ApplyFeedback_ConfirmSafeOnImpossibleTravel_ReturnLegNoLongerAlerts()
    {
        var confirmed = Trained(4);
        var dismissed = Trained(4);
        var (jump, alert) = Trip(confirmed, "user1");
        Trip(dismissed, "user1");
        Assert.True(alert.Has(ReasonCode.ImpossibleTravel));
        Assert.NotEqual(0UL, alert.TravelPair);

        var taught = confirmed.ApplyFeedback("user1", FeedbackKind.ConfirmSafe, After + (2 * Hour), eventId: jump.Id, pattern: Pattern(jump, alert), patternTimeMs: jump.TimestampMs);
        dismissed.ApplyFeedback("user1", FeedbackKind.Dismiss, After + (2 * Hour), eventId: jump.Id);

        // Back to Munich, a network still on probation (not yet routine): the same jump in the other direction.
        var back = Munich("user1", After + (3 * Hour), "user1-back");
        Assert.True(taught.TravelPairLearned);
        Assert.False(confirmed.Observe(back).Has(ReasonCode.ImpossibleTravel));
        Assert.True(dismissed.Observe(back).Has(ReasonCode.ImpossibleTravel));
    }

    [Fact]
    public void ApplyFeedback_PatternWithoutItsAssessment_TeachesNoPair()
    {
        // A pattern stored before travel pairs existed (one value shorter) or of an event without the factor still teaches its features.
        var engine = Trained(4);
        var (jump, _) = Trip(engine, "user1");
        var old = new ulong[VigilEngine.PatternLength - 1];
        var full = new ulong[VigilEngine.PatternLength];
        VigilEngine.PatternOf(jump, full);
        Array.Copy(full, old, old.Length);

        var taught = engine.ApplyFeedback("user1", FeedbackKind.ConfirmSafe, After + (2 * Hour), eventId: jump.Id, pattern: old, patternTimeMs: jump.TimestampMs);

        Assert.False(taught.TravelPairLearned);
        Assert.True(taught.PatternsLearned > 0);
        Assert.True(engine.Observe(Munich("user1", After + (3 * Hour), "user1-back")).Has(ReasonCode.ImpossibleTravel));
    }

    [Fact]
    public void ApplyFeedback_PairConfirmedForAnotherIdentity_DoesNotSilenceThisOne()
    {
        // An attacker who gets one identity's alert confirmed safe teaches nothing about anyone else's travel.
        var engine = Trained(4);
        var (jump, alert) = Trip(engine, "user1");
        engine.ApplyFeedback("user1", FeedbackKind.ConfirmSafe, After + (2 * Hour), eventId: jump.Id, pattern: Pattern(jump, alert), patternTimeMs: jump.TimestampMs);

        var (_, other) = Trip(engine, "user2");
        var back = engine.Observe(Munich("user2", After + (3 * Hour), "user2-back"));

        Assert.True(other.Has(ReasonCode.ImpossibleTravel));
        Assert.True(back.Has(ReasonCode.ImpossibleTravel));
    }

    [Fact]
    public void ReadCheckpoint_ConfirmedPair_RestoredEngineStillKnowsIt()
    {
        var engine = Trained(4);
        var (jump, alert) = Trip(engine, "user1");
        engine.ApplyFeedback("user1", FeedbackKind.ConfirmSafe, After + (2 * Hour), eventId: jump.Id, pattern: Pattern(jump, alert), patternTimeMs: jump.TimestampMs);
        using var current = new MemoryStream();
        engine.WriteCheckpoint(current);
        current.Position = 0;
        using var v6 = new MemoryStream();
        engine.WriteCheckpointVersion(v6, 6);
        v6.Position = 0;

        var restored = VigilEngine.ReadCheckpoint(current);
        var older = VigilEngine.ReadCheckpoint(v6);

        var back = Munich("user1", After + (3 * Hour), "user1-back");
        Assert.False(restored.Observe(back).Has(ReasonCode.ImpossibleTravel));
        Assert.True(older.Observe(back).Has(ReasonCode.ImpossibleTravel)); // version 6 has no pairs and still reads
    }

    [Fact]
    public void EvictIdle_ConfirmedPair_GoesWithTheIdentityAndComesBack()
    {
        var spill = new DictionarySpill();
        var engine = Trained(2, new VigilEngineOptions { HoldOutScore = 100, MaxIdentitiesPerTenant = 1 });
        engine.Spill = spill;

        var (jump, alert) = Trip(engine, "user1");
        engine.ApplyFeedback("user1", FeedbackKind.ConfirmSafe, After + (2 * Hour), eventId: jump.Id, pattern: Pattern(jump, alert), patternTimeMs: jump.TimestampMs);
        engine.Observe(Events.SignIn("user0", After + (2 * Hour)));

        Assert.True(engine.EvictIdle() > 0);
        Assert.True(spill.Rows.ContainsKey((engine.Options.DefaultTenant, "user1")));
        Assert.False(engine.Observe(Munich("user1", After + (3 * Hour), "user1-back")).Has(ReasonCode.ImpossibleTravel));
    }

    [Fact]
    public void Observe_ConfirmedPairMonthsLater_DecaysAndAlertsAgain()
    {
        var engine = Trained(4);
        var (jump, alert) = Trip(engine, "user1");
        engine.ApplyFeedback("user1", FeedbackKind.ConfirmSafe, After + (2 * Hour), eventId: jump.Id, pattern: Pattern(jump, alert), patternTimeMs: jump.TimestampMs);

        // Ten observations at a 45-day half-life fall below one after about 150 days: the route must be confirmed again.
        long later = After + (200 * 86_400_000L);
        engine.Observe(Munich("user1", later, "user1-munich-2"));
        var again = engine.Observe(NewYork("user1", later + Hour, "user1-ny-2"));

        Assert.True(again.Has(ReasonCode.ImpossibleTravel));
    }

    private sealed class DictionarySpill : IIdentitySpill
    {
        public Dictionary<(string, string), byte[]> Rows { get; } = [];

        public void Save(string tenant, string identityId, byte[] state) => Rows[(tenant, identityId)] = state;

        public byte[]? Load(string tenant, string identityId) => Rows.GetValueOrDefault((tenant, identityId));
    }
}
