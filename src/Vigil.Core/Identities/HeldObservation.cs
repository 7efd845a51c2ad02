using Vigil.Core.Baselines;

namespace Vigil.Core.Identities;

/// <summary>
/// A risky event kept out of the baseline until someone confirms it (step-up passed, or "confirm safe"), so an
/// attacker cannot teach the engine that the attack is normal.
/// </summary>
internal partial struct HeldObservation
{
    public FeatureHashes Features;
    public long TimestampMs;
    public ulong EventIdHash;
    public ulong SessionHash;
    public ulong IpPrefixHash;
    public bool CountHour;

    /// <summary>On probation until someone confirms it (an access from hosting, anonymising or known-bad infrastructure): time alone never releases it.</summary>
    public bool UntilConfirmed;
}
