using Vigil.Core.Identities;

namespace Vigil.Core.Detection;

/// <summary>
/// The identity's largest hourly data volume, decaying with a 30-day half-life. Mean and deviation of hourly volume
/// miss periodic peaks (a nightly export is one hour in 24); the remembered peak does not.
/// </summary>
internal static class PeakVolume
{
    private const double HalfLifeMs = 30 * 86_400_000.0;

    public static double Current(IdentityState identity, long now) =>
        identity.PeakHourlyBytes <= 0 ? 0 : identity.PeakHourlyBytes * Math.Pow(0.5, Math.Max(0, now - identity.PeakHourlyAtMs) / HalfLifeMs);
}
