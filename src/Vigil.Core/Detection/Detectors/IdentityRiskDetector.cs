using Vigil.Core.Scoring;
using Vigil.Core.Telemetry;

namespace Vigil.Core.Detection.Detectors;

/// <summary>
/// Identity risk carried from the past into this event: risk accumulated from recent risky events (decaying), an
/// administrator's "confirm compromised", a person's "this wasn't me", and, for agents, the risk of the person
/// they act for.
/// </summary>
internal sealed class IdentityRiskDetector : IDetector
{
    public void Detect(in DetectionContext c, ref FactorList factors)
    {
        ref readonly var e = ref c.Event;
        if (!e.IsAccessAttempt && e.Kind != EventKind.Mfa)
        {
            return;
        }

        var identity = c.Identity;
        if (identity.Compromised)
        {
            factors.Add(new RiskFactor(ReasonCode.ConfirmedCompromised, 1f, 0.95f));
            return;
        }

        if (identity.UserReported)
        {
            factors.Add(new RiskFactor(ReasonCode.UserReportedSuspicious, 0.8f, 0.7f));
        }

        float accumulated = IdentityRisk.Current(identity, c.Now, c.Options);
        if (accumulated >= 0.2f)
        {
            factors.Add(new RiskFactor(ReasonCode.IdentityAtRisk, accumulated, 0.45f, accumulated));
        }

        if (e.IdentityKind == IdentityKind.Agent && c.OnBehalfOfRisk >= 0.3f)
        {
            factors.Add(new RiskFactor(ReasonCode.AgentForRiskyUser, c.OnBehalfOfRisk, 0.7f, c.OnBehalfOfRisk, 0, e.OnBehalfOf));
        }
    }
}
