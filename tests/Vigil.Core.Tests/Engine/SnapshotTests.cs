using Vigil.Core.Engine;
using Vigil.Core.Feedback;
using Vigil.Core.Scoring;
using Vigil.Core.Telemetry;
using Vigil.Core.Tests.TestSupport;

namespace Vigil.Core.Tests.Engine;

/// <summary><see cref="VigilEngine.Snapshot"/>: what the engine holds about an identity, read without changing anything.</summary>
public sealed class SnapshotTests
{
    private static readonly long AfterHistory = Events.AfterHistory;

    private static VigilEngine Trained(int users = 4) => Events.Trained(users);

    private static byte[] Checkpoint(VigilEngine engine)
    {
        using var stream = new MemoryStream();
        engine.WriteCheckpoint(stream);
        return stream.ToArray();
    }

    [Fact]
    public void Snapshot_UnknownIdentityOrTenant_IsNullAndCreatesNothing()
    {
        var engine = Trained(2);
        byte[] before = Checkpoint(engine);
        Assert.Null(engine.Snapshot("stranger", null, AfterHistory));
        Assert.Null(engine.Snapshot("user1", "other-tenant", AfterHistory));
        Assert.Equal(2, engine.IdentityCount);
        Assert.Equal(before, Checkpoint(engine));
    }

    [Fact]
    public void Snapshot_TrainedIdentity_ReportsTheStateTheEngineHolds()
    {
        var engine = Trained();
        var s = engine.Snapshot("user3", null, AfterHistory)!;

        Assert.Equal(("user3", "default", IdentityKind.Human, "finance"), (s.Id, s.Tenant, s.Kind, s.PeerGroup));
        long lastHistoryAccess = Events.Start + (18 * 86_400_000L) + (3 * 60_000L) + 300_000;
        Assert.Equal(lastHistoryAccess, s.LastSeenMs);
        Assert.Equal(30, s.BaselineObservations); // 15 weekdays x (sign-in + access)
        Assert.Equal((0f, RiskLevel.None, (long?)null), (s.IdentityRisk, s.Level, s.RiskRaisedAtMs));
        Assert.Empty(s.Factors);
        Assert.Equal((1, 1, 1, 1), (s.Countries, s.Networks, s.Devices, s.Resources));
        Assert.Equal([3320u], s.RecentAsNumbers);
        Assert.InRange(s.Sessions, 1, 6);
        Assert.Equal(0, s.HeldObservations);
    }

    [Fact]
    public void Snapshot_NotMe_ShowsDecayedRiskAndTheFactorsTheNextAccessCarries()
    {
        var engine = Trained();
        engine.ApplyFeedback("user3", FeedbackKind.ReportedNotMe, AfterHistory);
        long dayLater = AfterHistory + (24 * 3_600_000L); // one half-life

        var s = engine.Snapshot("user3", null, dayLater)!;
        Assert.Equal(0.35f, s.IdentityRisk, 0.001f);
        Assert.Equal(RiskLevel.Low, s.Level);
        Assert.Equal(AfterHistory, s.RiskRaisedAtMs);
        Assert.True(s.UserReported);

        var access = engine.Assess(new TelemetryEvent { SubjectId = "user3", TimestampMs = dayLater, Kind = EventKind.ResourceAccess });
        Assert.Equal(access.IdentityRisk, s.IdentityRisk);
        var carried = Enumerable.Range(0, access.FactorCount).Select(i => access.Factor(i).CodeText).Order(StringComparer.Ordinal);
        Assert.Equal(carried, s.Factors.Select(f => f.CodeText).Order(StringComparer.Ordinal));
        Assert.Equal(["VG1903", "VG1901"], s.Factors.Select(f => f.CodeText));
        Assert.Contains("35", s.Factors[1].Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void Snapshot_ConfirmedCompromised_PinsRiskAndCountsRevokedSessions()
    {
        var engine = Trained();
        engine.Observe(Events.SignIn("user3", AfterHistory, ip: "81.2.63.10", session: "s-live"));
        engine.ApplyFeedback("user3", FeedbackKind.ConfirmCompromised, AfterHistory + 60_000);

        var s = engine.Snapshot("user3", null, AfterHistory + 120_000)!;
        Assert.Equal((1f, RiskLevel.Critical, true, AfterHistory + 60_000), (s.IdentityRisk, s.Level, s.Compromised, s.CompromisedAtMs));
        Assert.True(s.RevokedSessions >= 1);
        Assert.Equal(0, s.Sessions);
        Assert.Equal("VG1902", s.Factors[0].CodeText);
    }

    [Fact]
    public void Snapshot_RiskyEvent_IsCountedAsHeldNotLearned()
    {
        var engine = Trained();
        var trip = Events.SignIn("user3", AfterHistory, ip: "102.89.4.7", country: "NG", lat: 6.45, lon: 3.39, asn: 29465);
        Assert.True(engine.Observe(trip).Score >= 50);

        var s = engine.Snapshot("user3", null, AfterHistory)!;
        Assert.Equal(1, s.HeldObservations);
        Assert.Equal(30, s.BaselineObservations);
        Assert.Equal(1, s.Countries);
        Assert.Equal(AfterHistory, s.LastSeenMs);
        Assert.NotNull(s.RiskRaisedAtMs);
        Assert.Equal(29465u, s.RecentAsNumbers[0]); // the trip's session is tracked even though it was not learned
    }

    [Fact]
    public void Snapshot_ChangesNothing()
    {
        var engine = Trained();
        engine.ApplyFeedback("user2", FeedbackKind.ReportedNotMe, AfterHistory);
        byte[] before = Checkpoint(engine);
        for (int i = 0; i < 10; i++)
        {
            engine.Snapshot("user2", null, AfterHistory + (i * 3_600_000L));
            engine.Snapshot("user3", "default", AfterHistory);
        }

        Assert.Equal(before, Checkpoint(engine));
    }

    [Fact]
    public async Task Snapshot_WhileObserving_ReadsConsistently()
    {
        var engine = Trained(2);
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(() =>
        {
            long at = AfterHistory;
            while (!stop.IsCancellationRequested)
            {
                engine.Observe(Events.Access("user1", at += 1_000, "finance-app/reports", session: "s-busy"));
            }
        });

        long last = 0;
        for (int i = 0; i < 2_000; i++)
        {
            var s = engine.Snapshot("user1", null, AfterHistory)!;
            Assert.InRange(s.IdentityRisk, 0f, 1f);
            Assert.True(s.BaselineObservations >= last, "learned observations never go backwards");
            last = s.BaselineObservations;
        }

        await stop.CancelAsync();
        await writer;
    }
}
