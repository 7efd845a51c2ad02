using Vigil.Core.Baselines;
using Vigil.Core.Scoring;
using Vigil.Core.Telemetry;

namespace Vigil.Core.Detection.Detectors;

/// <summary>
/// What a person touches and how much: a resource neither they nor their peers use (lateral movement, TA0008),
/// data volume in the hour far above their own and their peers' hourly volume (mass access, T1530), and a newly
/// granted privilege used on a sensitive resource soon after the grant (T1098).
/// </summary>
internal sealed class ResourceAccessDetector : IDetector
{
    private const long MinimumSuspiciousBytes = 100L * 1024 * 1024;

    public void Detect(in DetectionContext c, ref FactorList factors)
    {
        ref readonly var e = ref c.Event;
        if (e.Kind is not (EventKind.ResourceAccess or EventKind.ApiCall) || e.Outcome == EventOutcome.Failure)
        {
            return;
        }

        var identity = c.Identity;
        ulong resource = c.Features.Of(Feature.Resource);
        bool newToIdentity = resource != 0 && identity.Profile[Feature.Resource].Count(resource, c.Now) < 0.05;
        double peerShare = 0;
        if (newToIdentity)
        {
            lock (c.Peer.Gate)
            {
                var peers = c.Peer.Profile[Feature.Resource];
                double count = peers.Count(resource, c.Now, out double total);
                peerShare = total > 0 ? count / total : 0;
            }
        }

        if (newToIdentity && e.IdentityKind == IdentityKind.Human && identity.Profile.History(Feature.Resource) >= 10 && peerShare < 0.01)
        {
            float strength = (peerShare == 0 ? 0.75f : 0.4f) * SensitivityFactor(e.Sensitivity);
            factors.Add(new RiskFactor(ReasonCode.UnfamiliarResource, strength, 0.6f, peerShare, 0, e.ResourceId));
        }

        DetectVolume(c, ref factors);

        if (newToIdentity && e.Sensitivity >= Sensitivity.High && identity.LastPrivilegeGrantMs > 0)
        {
            double hours = (c.Now - identity.LastPrivilegeGrantMs) / 3_600_000.0;
            if (hours <= 24)
            {
                factors.Add(new RiskFactor(ReasonCode.PrivilegeEscalation, e.Sensitivity == Sensitivity.Critical ? 0.85f : 0.65f, 0.7f, hours, 0,
                    e.Sensitivity == Sensitivity.Critical ? "critical" : "high-sensitivity"));
            }
        }
    }

    private static void DetectVolume(in DetectionContext c, ref FactorList factors)
    {
        ref readonly var e = ref c.Event;
        if (e.BytesOut <= 0)
        {
            return;
        }

        var identity = c.Identity;
        long hourStart = c.Now - (c.Now % 3_600_000);
        long thisHour = (identity.VolumeHourStartMs == hourStart ? identity.VolumeThisHour : 0) + e.BytesOut;
        if (thisHour < MinimumSuspiciousBytes)
        {
            return;
        }

        double own = identity.Profile.HourlyBytes.Weight >= 5 ? identity.Profile.HourlyBytes.Mean + (3 * identity.Profile.HourlyBytes.StdDev) : 0;
        own = Math.Max(own, 1.5 * PeakVolume.Current(identity, c.Now));
        double peer;
        lock (c.Peer.Gate)
        {
            var moments = c.Peer.Profile.HourlyBytes;
            peer = moments.Weight >= 10 ? moments.Mean + (3 * moments.StdDev) : 0;
        }

        double usual = Math.Max(Math.Max(own, peer), MinimumSuspiciousBytes / 4.0);
        double ratio = thisHour / usual;
        if (ratio < 3)
        {
            return;
        }

        float strength = (float)Math.Clamp((ratio - 3) / 12, 0.2, 1.0);
        factors.Add(new RiskFactor(ReasonCode.UnusualVolume, strength, 0.75f, thisHour, ratio));
    }

    private static float SensitivityFactor(Sensitivity sensitivity) => sensitivity switch
    {
        Sensitivity.Critical => 1f,
        Sensitivity.High => 0.9f,
        Sensitivity.Low => 0.5f,
        _ => 0.75f,
    };
}
