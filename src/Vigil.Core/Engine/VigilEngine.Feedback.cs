using Vigil.Core.Detection;
using Vigil.Core.Feedback;
using Vigil.Core.Identities;
using Vigil.Core.Statistics;

namespace Vigil.Core.Engine;

/// <summary>Feedback from analysts and users (semantics in DETECTIONS.md).</summary>
public sealed partial class VigilEngine
{
    /// <summary>
    /// Applies feedback on an identity's recent activity, or on one event when <paramref name="eventId"/> is given.
    /// <paramref name="timestampMs"/> is when the feedback was given (the engine's clock is event time).
    /// </summary>
    public FeedbackResult ApplyFeedback(string identityId, FeedbackKind kind, long timestampMs, string? tenantId = null, string? eventId = null)
    {
        var tenant = FindTenant(tenantId ?? Options.DefaultTenant);
        if (tenant is null || FindIdentity(tenant, identityId, restore: true) is not { } identity)
        {
            return new FeedbackResult(false, 0, 0, 0, 0f);
        }

        var peer = tenant.Peer(identity.PeerGroup);
        ulong eventHash = eventId is null ? 0 : StableHash.Of(eventId.AsSpan());
        lock (identity.Gate)
        {
            int learned = 0, discarded = 0, revoked = 0;
            switch (kind)
            {
                case FeedbackKind.ConfirmSafe:
                    learned = TakeHeld(identity, eventHash, o => LearnBaseline(tenant, peer, identity, o));
                    identity.AccumulatedRisk = 0;
                    identity.Compromised = false;
                    identity.UserReported = false;
                    break;
                case FeedbackKind.Dismiss:
                    discarded = TakeHeld(identity, eventHash, static _ => { });
                    identity.AccumulatedRisk = 0;
                    identity.UserReported = false;
                    break;
                case FeedbackKind.ConfirmCompromised:
                    discarded = TakeHeld(identity, 0, static _ => { });
                    identity.Compromised = true;
                    identity.CompromisedAtMs = timestampMs;
                    for (int i = 0; i < identity.Sessions.Length; i++)
                    {
                        if (identity.Sessions[i].SessionHash != 0 && !identity.Sessions[i].Revoked)
                        {
                            identity.Sessions[i].Revoked = true;
                            revoked++;
                        }
                    }

                    break;
                case FeedbackKind.ReportedNotMe:
                    discarded = TakeHeld(identity, eventHash, static _ => { });
                    identity.UserReported = true;
                    identity.AccumulatedRisk = Math.Max(IdentityRisk.Current(identity, timestampMs, Options), 0.7f);
                    identity.AccumulatedAtMs = timestampMs;
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown feedback kind.");
            }

            return new FeedbackResult(true, learned, discarded, revoked, IdentityRisk.Current(identity, timestampMs, Options));
        }
    }

    /// <summary>Removes held observations (all, or the one for an event) and hands each to <paramref name="use"/>.</summary>
    private static int TakeHeld(IdentityState identity, ulong eventHash, Action<HeldObservation> use)
    {
        int taken = 0, kept = 0;
        for (int i = 0; i < identity.HeldCount; i++)
        {
            var o = identity.Held[i];
            if (eventHash == 0 || o.EventIdHash == eventHash)
            {
                use(o);
                taken++;
            }
            else
            {
                identity.Held[kept++] = o;
            }
        }

        identity.HeldCount = kept;
        return taken;
    }
}
