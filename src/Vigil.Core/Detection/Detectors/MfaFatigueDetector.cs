using Vigil.Core.Scoring;
using Vigil.Core.Telemetry;

namespace Vigil.Core.Detection.Detectors;

/// <summary>
/// MFA fatigue (ATT&amp;CK T1621): a burst of pushed prompts denied or left unanswered, and above all an approval
/// that follows such a burst, which is how push bombing succeeds.
/// </summary>
internal sealed class MfaFatigueDetector : IDetector
{
    public void Detect(in DetectionContext c, ref FactorList factors)
    {
        ref readonly var e = ref c.Event;
        int negatives = c.Identity.MfaDenials.Count(c.Now);
        int threshold = c.Options.MfaFatiguePrompts;
        if (e.Kind == EventKind.Mfa)
        {
            if (e.MfaResult == MfaResult.Approved && negatives >= threshold - 1)
            {
                // The approval is how push bombing succeeds: strong from the first burst on.
                factors.Add(new RiskFactor(ReasonCode.MfaFatigue, (float)Math.Min(1.0, 0.6 + (0.1 * negatives)), 0.9f, negatives, 15, "approved"));
            }
            else if (e.MfaResult is MfaResult.Denied or MfaResult.TimedOut && negatives + 1 >= threshold)
            {
                factors.Add(new RiskFactor(ReasonCode.MfaFatigue, CredentialAttackDetector.Ramp(negatives + 1, threshold, threshold * 3), 0.6f, negatives + 1, 15));
            }

            return;
        }

        // A sign-in or access soon after a fatigue burst carries part of its weight (the approval opened the session).
        if (e.IsAccessAttempt && negatives >= threshold && c.Now - c.Identity.LastMfaNegativeMs < 30 * 60_000)
        {
            factors.Add(new RiskFactor(ReasonCode.MfaFatigue, CredentialAttackDetector.Ramp(negatives, threshold, threshold * 3), 0.6f, negatives, 15));
        }
    }
}
