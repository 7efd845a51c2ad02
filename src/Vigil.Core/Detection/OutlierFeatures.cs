using Vigil.Core.Baselines;
using Vigil.Core.Statistics;
using Vigil.Core.Telemetry;

namespace Vigil.Core.Detection;

/// <summary>
/// The numeric view of an event for the multivariate outlier model, each scaled to [0, 1] and relative to the
/// identity's own baseline, so one tenant-wide model can judge everyone: rarity of the hour, data volume, request
/// rate, distance travelled, network and client novelty, recent failures.
/// </summary>
internal static class OutlierFeatures
{
    public const int Dimensions = 7;

    public static void Fill(in DetectionContext c, Span<double> x)
    {
        ref readonly var e = ref c.Event;
        var identity = c.Identity;
        var profile = identity.Profile;
        long now = c.Now;

        double hourWeight = profile.Hours.TotalWeight(now);
        x[0] = hourWeight >= c.Options.MinimumHistory ? 1 - Math.Min(1, profile.Hours.Probability(now) * 168) : 0;
        x[1] = Math.Min(1, Math.Log(1 + e.BytesOut) / 25);
        x[2] = Math.Min(1, Math.Log(1 + identity.Requests.Count(now)) / 6);
        x[3] = e.Location is GeoPoint here && identity.LastLocatedMs > 0
            ? Math.Min(1, here.DistanceKm(new GeoPoint(identity.LastLatitude, identity.LastLongitude)) / 20_000)
            : 0;
        x[4] = Novelty(profile[Feature.IpPrefix], c.Features.Of(Feature.IpPrefix), now);
        x[5] = Novelty(profile[Feature.BrowserVersion], c.Features.Of(Feature.BrowserVersion), now);
        x[6] = Math.Min(1, identity.FailedSignIns.Count(now) / 20.0);
    }

    private static double Novelty(DecayedFrequencySketch sketch, ulong key, long now)
    {
        if (key == 0)
        {
            return 0;
        }

        double count = sketch.Count(key, now, out double total);
        return total <= 0 ? 0.5 : 1 - Math.Min(1, count / total);
    }
}
