using Vigil.Core.Baselines;
using Vigil.Core.Scoring;
using Vigil.Core.Telemetry;

namespace Vigil.Core.Detection.Detectors;

/// <summary>
/// Workloads and agents behave like machines: the same networks, credential and targets, at a steady rate. So
/// novelty is strong evidence for them: a new ASN, a new credential type, a new target, or a request rate far
/// above their own (a leaked key used elsewhere, a hijacked agent). The rate spike applies to people too.
/// </summary>
internal sealed class WorkloadDetector : IDetector
{
    public void Detect(in DetectionContext c, ref FactorList factors)
    {
        ref readonly var e = ref c.Event;
        if (!e.IsAccessAttempt)
        {
            return;
        }

        DetectRate(c, ref factors);
        if (e.IdentityKind == IdentityKind.Human || e.Outcome == EventOutcome.Failure)
        {
            return;
        }

        var profile = c.Identity.Profile;
        ulong asn = c.Features.Of(Feature.Asn);
        if (asn != 0 && profile.History(Feature.Asn) >= 10 && profile[Feature.Asn].Count(asn, c.Now) < 0.05)
        {
            factors.Add(new RiskFactor(ReasonCode.WorkloadNewSource, 0.8f, 0.8f, Text: e.AsOrganization ?? "a new ASN"));
        }

        ulong credential = c.Features.Of(Feature.AuthMethod);
        if (credential != 0 && profile.History(Feature.AuthMethod) >= 5 && profile[Feature.AuthMethod].Count(credential, c.Now) < 0.05)
        {
            factors.Add(new RiskFactor(ReasonCode.WorkloadNewCredential, 0.75f, 0.7f, Text: e.AuthMethod));
        }

        ulong resource = c.Features.Of(Feature.Resource);
        if (resource != 0 && profile.History(Feature.Resource) >= 10 && profile[Feature.Resource].Count(resource, c.Now) < 0.05)
        {
            float strength = e.Sensitivity >= Sensitivity.High ? 0.8f : 0.55f;
            factors.Add(new RiskFactor(ReasonCode.WorkloadNewTarget, strength, 0.7f, e.IdentityKind == IdentityKind.Agent ? 1 : 0, 0, e.ResourceId));
        }
    }

    private static void DetectRate(in DetectionContext c, ref FactorList factors)
    {
        var identity = c.Identity;
        int lastMinute = identity.Requests.Count(c.Now) + 1;
        var rate = identity.RequestRate;
        if (rate.Weight < c.Options.MinimumHistory || lastMinute < 20)
        {
            return;
        }

        double z = (lastMinute - rate.Mean) / Math.Max(rate.StdDev, Math.Max(1.0, rate.Mean * 0.25));
        if (z < 4 || lastMinute < (rate.Mean * 3) + 10)
        {
            return;
        }

        float weight = c.Event.IdentityKind == IdentityKind.Human ? 0.45f : 0.7f;
        factors.Add(new RiskFactor(ReasonCode.RequestRateSpike, (float)Math.Clamp((z - 4) / 8, 0.3, 1.0), weight, lastMinute, z));
    }
}
