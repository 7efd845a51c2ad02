using Vigil.Core.Engine;
using Vigil.Core.Feedback;
using Vigil.Core.Scoring;
using Vigil.Core.Telemetry;
using Vigil.Core.Tests.TestSupport;

namespace Vigil.Core.Tests.Engine;

/// <summary>Feedback that learns (issue 13, item 2): a confirmed-safe alert's pattern, and the group rule.</summary>
public sealed class FeedbackLearningTests
{
    private static readonly long After = Events.AfterHistory;

    /// <summary>A new corporate VPN: another country, network and address range than the office's.</summary>
    private static TelemetryEvent Vpn(string user, long at) => Events.SignIn(user, at, ip: "102.89.4.7", country: "NG", lat: 6.45, lon: 3.39, asn: 29465);

    private static ulong[] Pattern(in TelemetryEvent e)
    {
        var pattern = new ulong[VigilEngine.PatternLength];
        VigilEngine.PatternOf(e, pattern);
        return pattern;
    }

    [Fact]
    public void ApplyFeedback_ConfirmSafeWithThePattern_NextEventWithItScoresLowerThanAfterDismiss()
    {
        var confirmed = Events.Trained(12);
        var dismissed = Events.Trained(12);
        var trip = Vpn("user3", After);
        Assert.True(confirmed.Observe(trip).Score >= 50);
        dismissed.Observe(trip);

        var taught = confirmed.ApplyFeedback("user3", FeedbackKind.ConfirmSafe, After + 60_000, eventId: trip.Id, pattern: Pattern(trip), patternTimeMs: trip.TimestampMs);
        var closed = dismissed.ApplyFeedback("user3", FeedbackKind.Dismiss, After + 60_000, eventId: trip.Id);
        Assert.Equal(1, taught.ObservationsLearned);
        Assert.True(taught.PatternsLearned >= 5, $"{taught.PatternsLearned}");
        Assert.Equal(0, closed.PatternsLearned);
        Assert.Equal(taught.IdentityRisk, closed.IdentityRisk); // both close the risk: only the learning differs

        // Days later, from the same place: learned for one, still new for the other.
        var next = trip with { TimestampMs = After + (3 * 86_400_000L), Id = "next" };
        int learnedScore = confirmed.Assess(next).Score, dismissedScore = dismissed.Assess(next).Score;
        Assert.True(learnedScore < dismissedScore - 10, $"confirmed safe {learnedScore}, dismissed {dismissedScore}");
    }

    [Fact]
    public void ApplyFeedback_DismissAfterConfirmCompromised_ClosesTheCompromiseWithoutLearning()
    {
        var engine = Events.Trained(12);
        var trip = Vpn("user3", After);
        engine.Observe(trip);
        engine.ApplyFeedback("user3", FeedbackKind.ConfirmCompromised, After + 60_000, eventId: trip.Id);
        Assert.True(engine.Snapshot("user3", null, After + 120_000)!.Compromised);

        // Remediated (a password reset), then the analyst dismisses the user's risk, as Entra's "dismiss user risk".
        var closed = engine.ApplyFeedback("user3", FeedbackKind.Dismiss, After + 86_400_000L);

        Assert.False(engine.Snapshot("user3", null, After + 86_400_000L)!.Compromised);
        Assert.Equal(0, closed.PatternsLearned);
        Assert.Equal(0, closed.ObservationsLearned);
    }

    [Fact]
    public void Observe_ProbationOff_APersonsNewNetworkIsLearnedAtOnce()
    {
        VigilEngine Trained(bool probation)
        {
            var engine = new VigilEngine(new VigilEngineOptions { Probation = probation });
            foreach (var e in Events.History(12))
            {
                engine.Observe(e);
            }

            return engine;
        }

        var on = Trained(probation: true);
        var off = Trained(probation: false);
        Assert.True(new VigilEngineOptions().Probation); // the default keeps probation on
        var move = Events.SignIn("user3", After, ip: "89.160.20.115", asn: 2119, id: "move-1");
        on.Observe(move);
        off.Observe(move);

        var next = move with { TimestampMs = After + 86_400_000L, Id = "move-2" };
        int waiting = on.Assess(next).Score, learned = off.Assess(next).Score;
        Assert.True(learned < waiting, $"probation off {learned}, on {waiting}");
    }

    [Fact]
    public void ApplyFeedback_ConfirmSafeOfANotHeldEvent_StillTeachesItsPattern()
    {
        var engine = Events.Trained(12);
        var trip = Vpn("user3", After);
        var hash = engine.Assess(trip);
        Assert.True(hash.Score >= 50);

        // The event never reached the engine (a decision on a bare question, or held slots full): nothing is held for it.
        var taught = engine.ApplyFeedback("user3", FeedbackKind.ConfirmSafe, After + 60_000, eventId: "elsewhere", pattern: Pattern(trip), patternTimeMs: trip.TimestampMs);
        Assert.Equal(0, taught.ObservationsLearned);
        Assert.True(engine.Assess(trip with { TimestampMs = After + 3_600_000 }).Score < hash.Score - 10);
    }

    [Fact]
    public void ApplyFeedback_SameValueConfirmedForThreePeople_BecomesNormalForAPeerWhoNeverSawIt()
    {
        RiskAssessment Peer(int confirmers, out int groupLearned)
        {
            var engine = Events.Trained(12);
            groupLearned = 0;
            for (int u = 0; u < confirmers; u++)
            {
                var vpn = Vpn("user" + u, After + (u * 3_600_000L));
                engine.Observe(vpn);
                groupLearned += engine.ApplyFeedback("user" + u, FeedbackKind.ConfirmSafe, vpn.TimestampMs + 60_000, eventId: vpn.Id, pattern: Pattern(vpn), patternTimeMs: vpn.TimestampMs)
                    .GroupPatternsLearned;
            }

            // user9 never used the VPN; the next morning, at its usual hour, it does.
            return engine.Assess(Vpn("user9", After + 86_400_000L + (9 * 60_000L)));
        }

        var two = Peer(2, out int twoLearned);
        var three = Peer(3, out int threeLearned);
        Assert.Equal(0, twoLearned);
        Assert.True(threeLearned >= 3, $"country, network and address range at least: {threeLearned}");
        Assert.True(two.Has(ReasonCode.UnfamiliarSignInProperties));
        Assert.False(three.Has(ReasonCode.UnfamiliarSignInProperties));
        Assert.True(three.Score < two.Score, $"after three confirmations {three.Score}, after two {two.Score}");
    }

    [Fact]
    public void ApplyFeedback_OnePersonConfirmingThreeTimes_IsStillOnePerson()
    {
        var engine = Events.Trained(12);
        int group = 0;
        for (int i = 0; i < 3; i++)
        {
            var vpn = Vpn("user0", After + (i * 3_600_000L));
            engine.Observe(vpn);
            group += engine.ApplyFeedback("user0", FeedbackKind.ConfirmSafe, vpn.TimestampMs + 60_000, eventId: vpn.Id, pattern: Pattern(vpn), patternTimeMs: vpn.TimestampMs).GroupPatternsLearned;
        }

        Assert.Equal(0, group);
    }

    [Fact]
    public void ReadCheckpoint_BetweenGroupConfirmations_ScoresAsNeverRestarted()
    {
        var original = Events.Trained(12);
        var source = Events.Trained(12);
        void Confirm(VigilEngine engine, int u)
        {
            var vpn = Vpn("user" + u, After + (u * 3_600_000L));
            engine.Observe(vpn);
            engine.ApplyFeedback("user" + u, FeedbackKind.ConfirmSafe, vpn.TimestampMs + 60_000, eventId: vpn.Id, pattern: Pattern(vpn), patternTimeMs: vpn.TimestampMs);
        }

        Confirm(original, 0);
        Confirm(original, 1);
        Confirm(source, 0);
        Confirm(source, 1);
        using var checkpoint = new MemoryStream();
        source.WriteCheckpoint(checkpoint);
        checkpoint.Position = 0;
        var restored = VigilEngine.ReadCheckpoint(checkpoint);

        Confirm(original, 2);
        Confirm(restored, 2);
        var probe = Vpn("user9", After + (10 * 3_600_000L));
        Assert.Equal(original.Assess(probe).Score, restored.Assess(probe).Score);
        Assert.Equal(original.Observe(probe).Score, restored.Observe(probe).Score);
    }

    [Fact]
    public void ReadCheckpoint_VersionThree_StillReadsWithNoConfirmedPatterns()
    {
        var engine = Events.Trained(3);
        using var old = new MemoryStream();
        engine.WriteCheckpointVersion(old, 3);
        old.Position = 0;
        var restored = VigilEngine.ReadCheckpoint(old);
        var probe = Vpn("user1", After);
        Assert.Equal(engine.Assess(probe).Score, restored.Assess(probe).Score);
    }
}
