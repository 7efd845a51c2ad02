using Vigil.Core.Baselines;
using Vigil.Core.Identities;
using Vigil.Core.Scoring;
using Vigil.Core.Telemetry;

namespace Vigil.Core.Detection.Detectors;

/// <summary>
/// Non-compliant, unmanaged or stale device. Uses what the event says, else the last posture the device
/// reported; a device that never reported is not penalised here (unknown devices are the likelihood's job).
/// Weights are modest on purpose: posture is a policy requirement (<c>require: compliant_device</c>) more than a
/// sign of attack, and in the lab it fired on legitimate traffic far more than on attacks.
/// </summary>
internal sealed class DevicePostureDetector : IDetector
{
    public void Detect(in DetectionContext c, ref FactorList factors)
    {
        ref readonly var e = ref c.Event;
        if (!e.IsAccessAttempt || e.IdentityKind != IdentityKind.Human)
        {
            return;
        }

        bool? compliant = e.DeviceCompliant;
        bool? managed = e.DeviceManaged;
        long lastPosture = 0;
        ulong device = c.Features.Of(Feature.Device);
        if (device != 0)
        {
            foreach (ref readonly var d in c.Identity.Devices.AsSpan())
            {
                if (d.DeviceHash == device)
                {
                    compliant ??= d.Compliant;
                    managed ??= d.Managed;
                    lastPosture = d.LastPostureMs;
                    break;
                }
            }
        }

        float sensitivity = e.Sensitivity >= Sensitivity.High ? 1f : 0.7f;
        if (compliant == false)
        {
            factors.Add(new RiskFactor(ReasonCode.NonCompliantDevice, 0.6f * sensitivity, 0.35f));
        }

        if (managed == false)
        {
            factors.Add(new RiskFactor(ReasonCode.UnmanagedDevice, 0.5f * sensitivity, 0.3f));
        }

        if (e.DeviceCompliant is null && lastPosture > 0)
        {
            double days = (c.Now - lastPosture) / 86_400_000.0;
            if (days > c.Options.StalePostureDays)
            {
                factors.Add(new RiskFactor(ReasonCode.StaleDevicePosture, (float)Math.Min(1, days / (c.Options.StalePostureDays * 4)) * sensitivity, 0.3f, days));
            }
        }
    }
}
