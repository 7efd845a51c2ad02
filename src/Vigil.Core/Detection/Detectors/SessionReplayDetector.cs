using Vigil.Core.Baselines;
using Vigil.Core.Identities;
using Vigil.Core.Scoring;
using Vigil.Core.Statistics;
using Vigil.Core.Telemetry;

namespace Vigil.Core.Detection.Detectors;

/// <summary>
/// Session or token replay (T1550.004 / T1539): a session that started from one network and device is now used from
/// another ASN or device. A move between prefixes of the same ASN (mobile, DHCP) is normal and ignored; a move to a
/// new ASN with the same device and browser is weaker evidence than a new device as well. Also a session revoked
/// after a confirmed compromise being used again.
/// </summary>
internal sealed class SessionReplayDetector : IDetector
{
    public void Detect(in DetectionContext c, ref FactorList factors)
    {
        ref readonly var e = ref c.Event;
        if (e.SessionId is null || e.Kind is not (EventKind.TokenUse or EventKind.ResourceAccess or EventKind.ApiCall))
        {
            return;
        }

        ulong session = c.SessionHash;
        foreach (ref readonly var s in c.Identity.Sessions.AsSpan())
        {
            if (s.SessionHash != session)
            {
                continue;
            }

            if (s.Revoked)
            {
                factors.Add(new RiskFactor(ReasonCode.RevokedSessionUsed, 1f, 0.95f));
                return;
            }

            bool newAsn = e.AsNumber != 0 && s.AsNumber != 0 && e.AsNumber != s.AsNumber;
            ulong device = c.Features.Of(Feature.Device);
            ulong agent = c.Features.Of(Feature.BrowserVersion);
            bool newDevice = (device != 0 && s.DeviceHash != 0 && device != s.DeviceHash)
                || (agent != 0 && s.UserAgentHash != 0 && agent != s.UserAgentHash);
            if (!newAsn && !newDevice)
            {
                return;
            }

            // Phone moving from office Wi-Fi to its carrier: a network this identity uses anyway is not a replay.
            if (!newDevice && c.Identity.Profile[Feature.Asn].Count(c.Features.Of(Feature.Asn), c.Now) >= 1)
            {
                return;
            }

            float strength = newAsn && newDevice ? 1f : newDevice ? 0.75f : 0.55f;
            double minutes = (c.Now - s.StartedMs) / 60_000.0;
            factors.Add(new RiskFactor(ReasonCode.SessionReplay, strength, 0.85f, minutes, 0,
                newAsn && newDevice ? "network and device" : newDevice ? "device" : "network"));
            return;
        }
    }
}
