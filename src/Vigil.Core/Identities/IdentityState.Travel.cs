using Vigil.Core.Statistics;

namespace Vigil.Core.Identities;

/// <summary>
/// Travel pairs an analyst confirmed safe for an identity (issue 13): the two networks of an impossible-travel alert
/// confirmed safe, so the same jump between them stops being "impossible" for this identity. Created on the first
/// confirmation, so identities that never had one cost nothing.
/// </summary>
internal sealed partial class IdentityState
{
    /// <summary>Most pairs one identity keeps: a traveller's home, office, a hotel or two; the least used go first.</summary>
    public const int TravelPairSlots = 4;

    /// <summary>
    /// Half-life of a confirmed pair in days: the identity baseline's (<see cref="Baselines.ProfileShape.Identity"/>),
    /// so a confirmation fades like the rest of what the identity taught.
    /// </summary>
    public const double TravelPairHalfLifeDays = 45;

    /// <summary>Confirmed travel pairs (<see cref="TravelPair"/>) with decayed weights; null until the first.</summary>
    public DecayedFrequencySketch? TravelPairs { get; set; }

    private const ulong TravelPairSalt = 0x7472_6176_656C_7061; // "travelpa"

    /// <summary>
    /// The key of the jump between two networks, the same in either direction (a return leg is the same pair). A
    /// network is its AS number, or its address range when the AS is unknown; 0 when either end is unknown.
    /// </summary>
    public static ulong TravelPair(uint fromAs, ulong fromPrefix, uint toAs, ulong toPrefix)
    {
        ulong a = fromAs != 0 ? fromAs : fromPrefix;
        ulong b = toAs != 0 ? toAs : toPrefix;
        if (a == 0 || b == 0 || a == b)
        {
            return 0;
        }

        return StableHash.Combine(TravelPairSalt ^ Math.Min(a, b), Math.Max(a, b)) | 1; // never 0: 0 means "no pair"
    }

    /// <summary>Teaches a confirmed pair with <paramref name="weight"/> observations.</summary>
    public void LearnTravelPair(ulong pair, long timestampMs, float weight)
    {
        if (pair == 0)
        {
            return;
        }

        TravelPairs ??= new DecayedFrequencySketch(TravelPairSlots, TravelPairHalfLifeDays);
        TravelPairs.Add(pair, timestampMs, weight);
    }

    /// <summary>The decayed weight of a pair's confirmations (0 when never confirmed).</summary>
    public double TravelPairWeight(ulong pair, long timestampMs) => pair == 0 || TravelPairs is not { } pairs ? 0 : pairs.Count(pair, timestampMs);
}
