using Vigil.Core.Scoring;
using Vigil.Core.Telemetry;
using Vigil.Enrichment.Ip;

namespace Vigil.Core.Detection.Detectors;

/// <summary>
/// Anonymous or malicious source: anonymiser, hosting provider (for people; workloads live there), threat
/// intelligence, and scripted clients posing as people. A source this identity already uses routinely weighs
/// less: a person's own commercial VPN is unusual for the population but normal for them.
/// </summary>
internal sealed class SourceReputationDetector : IDetector
{
    public void Detect(in DetectionContext c, ref FactorList factors)
    {
        ref readonly var e = ref c.Event;
        if (!e.IsAccessAttempt && e.Kind != EventKind.Mfa)
        {
            return;
        }

        var categories = e.SourceCategories;
        bool familiar = IsFamiliar(c);
        float damp = familiar ? 0.35f : 1f;
        if ((categories & IpCategory.KnownBad) != 0)
        {
            factors.Add(new RiskFactor(ReasonCode.KnownBadSource, 0.9f * Math.Max(damp, 0.7f), 0.7f));
        }

        if ((categories & IpCategory.Anonymizer) != 0)
        {
            factors.Add(new RiskFactor(ReasonCode.AnonymousSource, 0.7f * damp, 0.6f));
        }

        if ((categories & IpCategory.Hosting) != 0 && e.IdentityKind == IdentityKind.Human)
        {
            factors.Add(new RiskFactor(ReasonCode.HostingSource, 0.6f * damp, 0.5f));
        }

        if (e.IsScriptedClient && e.IdentityKind == IdentityKind.Human)
        {
            factors.Add(new RiskFactor(ReasonCode.ScriptedClient, 0.6f * damp, 0.5f, Text: e.Browser ?? e.UserAgent));
        }
    }

    private static bool IsFamiliar(in DetectionContext c)
    {
        ulong prefix = c.Features.Of(Baselines.Feature.IpPrefix);
        var profile = c.Identity.Profile[Baselines.Feature.IpPrefix];
        if (prefix == 0)
        {
            return false;
        }

        double count = profile.Count(prefix, c.Now, out double total);
        return total >= 5 && count / total >= 0.2;
    }
}
