using Vigil.Core.Baselines;
using Vigil.Core.Identities;
using Vigil.Core.Scoring;
using Vigil.Core.Telemetry;
using Vigil.Enrichment.Ip;

namespace Vigil.Core.Detection.Detectors;

/// <summary>
/// Impossible travel: the distance from the last located sign-in divided by the time since is faster than an
/// airliner. Tolerant of shared egress: when either end is a corporate egress, a prefix many identities share,
/// or an anonymiser (whose location says nothing about the person), or the new network is one the identity uses
/// routinely, or the two networks are a pair an analyst confirmed safe for the identity, the check stands down —
/// anonymisers are reported by their own detectors.
/// </summary>
internal sealed class TravelDetector : IDetector
{
    /// <summary>
    /// The decayed weight at which a confirmed pair stands the check down: one confirmation (ten observations) stays
    /// above it for about 150 days at the baseline's 45-day half-life, then the route must be confirmed again.
    /// </summary>
    public const double ConfirmedPairWeight = 1;

    public void Detect(in DetectionContext c, ref FactorList factors)
    {
        ref readonly var e = ref c.Event;
        var identity = c.Identity;
        if (!e.IsAccessAttempt || e.Outcome == EventOutcome.Failure || e.Location is not GeoPoint here || identity.LastLocatedMs == 0)
        {
            return;
        }

        if ((e.SourceCategories & (IpCategory.CorporateEgress | IpCategory.Anonymizer | IpCategory.MobileCarrier)) != 0)
        {
            return;
        }

        ulong prefix = c.Features.Of(Feature.IpPrefix);
        if (prefix == identity.LastIpPrefixHash || IsShared(c, prefix) || IsShared(c, identity.LastIpPrefixHash))
        {
            return;
        }

        // Back on a network this identity uses routinely (a roaming phone on its home carrier, the home ISP): the
        // "jump" is an artefact of where the carrier geolocates, and attackers rarely come from the victim's own ASN.
        if (identity.Profile[Feature.Asn].Count(c.Features.Of(Feature.Asn), c.Now) >= 2)
        {
            return;
        }

        // A jump between two networks an analyst confirmed safe for this identity, in either direction: the
        // traveller's own route (hotel and home), which would otherwise fire on every leg of every trip.
        if (identity.TravelPairWeight(IdentityState.TravelPair(identity.LastAsNumber, identity.LastIpPrefixHash, e.AsNumber, prefix), c.Now) >= ConfirmedPairWeight)
        {
            return;
        }

        double km = here.DistanceKm(new GeoPoint(identity.LastLatitude, identity.LastLongitude));
        if (km < c.Options.TravelMinimumDistanceKm)
        {
            return;
        }

        // Geolocation error of a few hundred km is common: take it off the distance before judging the speed.
        double hours = Math.Max(e.TimestampMs - identity.LastLocatedMs, 60_000) / 3_600_000.0;
        double speed = Math.Max(0, km - 300) / hours;
        if (speed <= c.Options.ImpossibleTravelSpeedKmh)
        {
            return;
        }

        // Twice the airliner speed is certainly impossible; just above it is strong but not certain.
        float strength = (float)Math.Clamp(0.6 + (0.4 * ((speed / c.Options.ImpossibleTravelSpeedKmh) - 1)), 0.6, 1.0);
        factors.Add(new RiskFactor(ReasonCode.ImpossibleTravel, strength, 0.75f, km, hours, null));
    }

    private static bool IsShared(in DetectionContext c, ulong prefix)
    {
        if (prefix == 0)
        {
            return false;
        }

        lock (c.Tenant.Gate)
        {
            return c.Tenant.PrefixSharing.Count(prefix, c.Now) >= c.Options.SharedEgressIdentities;
        }
    }
}
