using Vigil.Core.Scoring;
using Vigil.Core.Telemetry;

namespace Vigil.Core.Detection.Detectors;

/// <summary>
/// Unusual time: activity in an hour of the week that holds a tiny share of the identity's history. Needs enough
/// history to mean anything; a uniform profile (night shifts, follow-the-sun teams) never fires.
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
        if (p >= Uniform * 0.25)
        {
            return;
        }

        // p at a quarter of uniform -> weak; at a fiftieth -> full strength.
        float strength = (float)Math.Clamp(Math.Log(Uniform * 0.25 / Math.Max(p, 1e-9)) / Math.Log(12.5), 0.15, 1.0);
        factors.Add(new RiskFactor(ReasonCode.UnusualHour, strength, 0.35f, p));
    }
}
