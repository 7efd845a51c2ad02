using Vigil.Core.Baselines;

namespace Vigil.Core.Identities;

/// <summary>
/// A risky event kept out of the baseline until someone confirms it (step-up passed, or "confirm safe"), so an
/// attacker cannot teach the engine that the attack is normal.
/// </summary>
internal struct HeldObservation
{
    public FeatureHashes Features;
    public long TimestampMs;
    public ulong EventIdHash;
    public ulong SessionHash;
    public ulong IpPrefixHash;
    public bool CountHour;
}
