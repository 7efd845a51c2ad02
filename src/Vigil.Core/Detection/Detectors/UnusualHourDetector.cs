using Vigil.Core.Scoring;
using Vigil.Core.Telemetry;

namespace Vigil.Core.Detection.Detectors;

/// <summary>
/// Unusual time: a sign-in in an hour of the week that holds a tiny share of the identity's activity (sign-ins and
/// accesses). Needs enough history to mean anything; a uniform profile (night shifts, follow-the-sun teams) never fires.
/// </summary>
internal sealed class UnusualHourDetector : IDetector
{
    private const double Uniform = 1.0 / 168;

    public void Detect(in DetectionContext c, ref FactorList factors)
    {
        ref readonly var e = ref c.Event;
        if (e.Kind != EventKind.SignIn || e.Outcome == EventOutcome.Failure || e.IdentityKind == IdentityKind.Workload)
        {
            return;
        }

        var hours = c.Identity.Profile.Hours;
        if (hours.TotalWeight(c.Now) < c.Options.MinimumHistory)
        {
            return;
        }

        double p = hours.Probability(c.Now);
        if (p >= Uniform * 0.15)
        {
            return;
        }

        // p at 15% of uniform -> weak; at 1% of uniform -> full strength. Modest weight: people do work late now and then.
        float strength = (float)Math.Clamp(Math.Log(Uniform * 0.15 / Math.Max(p, 1e-9)) / Math.Log(15), 0.15, 1.0);
        factors.Add(new RiskFactor(ReasonCode.UnusualHour, strength, 0.3f, p));
    }
}
