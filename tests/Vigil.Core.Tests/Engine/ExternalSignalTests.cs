using Vigil.Core.Engine;
using Vigil.Core.Scoring;
using Vigil.Core.Telemetry;
using Vigil.Core.Tests.TestSupport;

namespace Vigil.Core.Tests.Engine;

/// <summary>Signals from other systems (issue 16): a session revoked elsewhere, and risk an external source asserts.</summary>
public sealed class ExternalSignalTests
{
    private static readonly long AfterHistory = Events.AfterHistory;

    private static TelemetryEvent Revoked(string user, long at, string? session) => new()
    {
        SubjectId = user,
        TimestampMs = at,
        Kind = EventKind.SignOut,
        Action = VigilEngine.RevokedSessionAction,
        SessionId = session,
    };

    [Fact]
    public void Observe_SessionRevokedElsewhere_LaterUseIsReplayButASignOutIsNot()
    {
        var engine = Events.Trained(12);
        engine.Observe(Events.SignIn("user3", AfterHistory, ip: "81.2.63.10", session: "s-1"));
        engine.Observe(Events.SignIn("user4", AfterHistory, ip: "81.2.63.10", session: "s-2"));
        engine.Observe(Revoked("user3", AfterHistory + 60_000, "s-1"));
        engine.Observe(Events.SignIn("user4", AfterHistory, ip: "81.2.63.10", session: "s-2") with { Kind = EventKind.SignOut, TimestampMs = AfterHistory + 60_000 });

        Assert.True(engine.Assess(Events.Access("user3", AfterHistory + 120_000, "finance-app/reports", ip: "81.2.63.10", session: "s-1")).Has(ReasonCode.RevokedSessionUsed));
        Assert.False(engine.Assess(Events.Access("user4", AfterHistory + 120_000, "finance-app/reports", ip: "81.2.63.10", session: "s-2")).Has(ReasonCode.RevokedSessionUsed));
    }

    [Fact]
    public void Observe_SessionRevokedWithoutASession_RevokesEveryLiveSessionAndOneNeverSeen()
    {
        var engine = Events.Trained(12);
        engine.Observe(Events.SignIn("user3", AfterHistory, ip: "81.2.63.10", session: "s-1"));
        engine.Observe(Events.SignIn("user3", AfterHistory + 1_000, ip: "81.2.63.10", session: "s-2"));
        engine.Observe(Revoked("user3", AfterHistory + 60_000, null));
        engine.Observe(Revoked("user3", AfterHistory + 60_000, "s-unseen"));

        foreach (string session in new[] { "s-1", "s-2", "s-unseen" })
        {
            Assert.True(engine.Assess(Events.Access("user3", AfterHistory + 120_000, "finance-app/reports", ip: "81.2.63.10", session: session)).Has(ReasonCode.RevokedSessionUsed), session);
        }
    }

    [Fact]
    public void Assess_ExternalRiskSource_AddsItsFactorsToAccessAttemptsOnly()
    {
        var source = new FixedExternalRisk();
        var engine = new VigilEngine(new VigilEngineOptions { ExternalRisk = source });
        var access = Events.Access("carol", AfterHistory, "finance-app/reports");

        Assert.False(engine.Assess(access).Has(ReasonCode.ExternalRiskLevel));
        source.High = "carol";
        var risky = engine.Assess(access);
        Assert.True(risky.Has(ReasonCode.ExternalRiskLevel));
        Assert.True(risky.Score >= 65, $"an identity provider's HIGH must weigh: {risky.Score}");
        Assert.False(engine.Assess(access with { Kind = EventKind.DevicePosture }).Has(ReasonCode.ExternalRiskLevel));
        Assert.False(engine.Assess(access with { SubjectId = "dave" }).Has(ReasonCode.ExternalRiskLevel));
    }

    private sealed class FixedExternalRisk : IExternalRiskSource
    {
        public string? High { get; set; }

        public void AddFactors(string tenant, string identity, long nowMs, ref FactorList factors)
        {
            if (identity == High)
            {
                factors.Add(new RiskFactor(ReasonCode.ExternalRiskLevel, 1f, 0.9f, 1, 0, "https://idp.example.com"));
            }
        }
    }
}
