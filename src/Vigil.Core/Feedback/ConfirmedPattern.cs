namespace Vigil.Core.Feedback;

/// <summary>One feature value an analyst confirmed safe for one identity (a tenant keeps these to apply the group rule).</summary>
/// <param name="Feature">The baseline feature's index.</param>
/// <param name="Value">Its stable hash.</param>
/// <param name="IdentityHash">The stable hash of the identity it was confirmed for.</param>
/// <param name="PeerGroup">That identity's peer group.</param>
/// <param name="TimeMs">The alerted event's time (event time, the engine's clock).</param>
internal readonly record struct ConfirmedPattern(byte Feature, ulong Value, ulong IdentityHash, string PeerGroup, long TimeMs);
