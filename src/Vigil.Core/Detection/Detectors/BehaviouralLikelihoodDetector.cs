using Vigil.Core.Baselines;
using Vigil.Core.Scoring;
using Vigil.Core.Telemetry;

namespace Vigil.Core.Detection.Detectors;

/// <summary>
/// Unfamiliar sign-in properties: the Freeman et al. likelihood ratio over the network and client hierarchies and
/// the device, for the identity against the population. Turned into a strength with a logistic on log10(ratio):
/// a ratio of 100 (log 2) is half strength.
/// </summary>
internal sealed class BehaviouralLikelihoodDetector : IDetector
{
    private const double Midpoint = 2.2;
    private const double Spread = 0.55;

    public void Detect(in DetectionContext c, ref FactorList factors)
    {
        ref readonly var e = ref c.Event;
        // Sign-ins only (as Entra's "unfamiliar sign-in properties"): accesses inside a session are the session replay
        // detector's job, and scoring each of them again would multiply one unusual sign-in into many alerts. Workloads
        // are judged by the workload detector (their addresses churn inside cloud ranges by design).
        if (e.Kind != EventKind.SignIn || e.IdentityKind == IdentityKind.Workload
            || (!c.Features.Has(Feature.Country) && !c.Features.Has(Feature.DeviceType)))
        {
            return;
        }

        double total = 0, worst = double.NegativeInfinity;
        Feature worstFeature = Feature.Country;
        lock (c.Peer.Gate)
        {
            lock (c.Tenant.Gate)
            {
                var identity = c.Identity.Profile;
                var peer = c.Peer.Profile;
                var tenant = c.Tenant.Profile;
                if (c.Features.Has(Feature.Country))
                {
                    double net = Likelihood.LogRatio(c.Features, Feature.Country, Feature.IpPrefix, identity, peer, tenant, c.Now, out var f);
                    Track(net, f, ref total, ref worst, ref worstFeature);
                }

                if (c.Features.Has(Feature.DeviceType))
                {
                    double client = Likelihood.LogRatio(c.Features, Feature.DeviceType, Feature.BrowserVersion, identity, peer, tenant, c.Now, out var f);
                    Track(client, f, ref total, ref worst, ref worstFeature);
                }

                if (c.Features.Has(Feature.Device) && identity.History(Feature.Device) >= 3)
                {
                    double device = Likelihood.LogRatioFlat(c.Features.Of(Feature.Device), identity[Feature.Device], tenant[Feature.Device], c.Now);
                    Track(device * 0.5, Feature.Device, ref total, ref worst, ref worstFeature);
                }
            }
        }

        if (total <= 0.5)
        {
            return;
        }

        float strength = (float)(1.0 / (1.0 + Math.Exp(-(total - Midpoint) / Spread)));
        const float weight = 0.7f;
        factors.Add(new RiskFactor(ReasonCode.UnfamiliarSignInProperties, strength, weight, Math.Pow(10, Math.Min(total, 12)), total,
            FeatureSet.Describe(worstFeature)));
    }

    private static void Track(double value, Feature feature, ref double total, ref double worst, ref Feature worstFeature)
    {
        total += value;
        if (value > worst)
        {
            worst = value;
            worstFeature = feature;
        }
    }
}
