using Vigil.Core.Baselines;
using Vigil.Core.Detection;
using Vigil.Core.Feedback;
using Vigil.Core.Identities;
using Vigil.Core.Statistics;
using Vigil.Core.Telemetry;

namespace Vigil.Core.Engine;

/// <summary>Feedback from analysts and users (semantics in DETECTIONS.md).</summary>
public sealed partial class VigilEngine
{
    /// <summary>
    /// Applies feedback on an identity's recent activity, or on one event when <paramref name="eventId"/> is given.
    /// <paramref name="timestampMs"/> is when the feedback was given (the engine's clock is event time).
    /// </summary>
    /// <remarks>
    /// With a <paramref name="pattern"/> (<see cref="PatternOf"/> of an alerted event, seen at <paramref name="patternTimeMs"/>),
    /// confirm_safe also teaches that pattern to the identity with the weight of <see cref="ConfirmedSafeWeight"/>
    /// observations, whether or not the event was held: one confirmation must outweigh the novelty that raised the alert.
    /// </remarks>
    public FeedbackResult ApplyFeedback(string identityId, FeedbackKind kind, long timestampMs, string? tenantId = null, string? eventId = null, ulong[]? pattern = null,
        long patternTimeMs = 0)
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
            int learned = 0, discarded = 0, revoked = 0, patterns = 0;
            switch (kind)
            {
                case FeedbackKind.ConfirmSafe:
                    learned = TakeHeld(identity, eventHash, o => LearnBaseline(tenant, peer, identity, o));
                    patterns = pattern is null ? 0 : LearnConfirmed(identity, pattern, patternTimeMs);
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

            return new FeedbackResult(true, learned, discarded, revoked, IdentityRisk.Current(identity, timestampMs, Options)) { PatternsLearned = patterns };
        }
    }

    /// <summary>How many values an event's pattern has (<see cref="PatternOf"/>).</summary>
    public const int PatternLength = FeatureSet.Count;

    /// <summary>
    /// Writes the pattern the baselines learn from <paramref name="enriched"/>: one stable hash per feature (country,
    /// network, address range, city, client, device, resource, action, credential type; 0 where the event has none).
    /// An alert keeps it, so confirming the alert safe can teach it to the identity even when the event was not held.
    /// </summary>
    public static void PatternOf(in TelemetryEvent enriched, Span<ulong> pattern)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pattern.Length, PatternLength);
        var features = FeatureExtractor.Extract(enriched);
        ((ReadOnlySpan<ulong>)features).CopyTo(pattern);
    }

    /// <summary>
    /// How many observations one confirmed-safe alert counts for. Ten: the identity likelihood behind VG1001 needs a
    /// value to be a fair share of the identity's history before it stops looking new (Freeman et al. 2016, eq. 3
    /// smoothing), and one observation among hundreds never is; ten is still well below a month of real use.
    /// </summary>
    public const float ConfirmedSafeWeight = 10f;

    /// <summary>Teaches a confirmed-safe pattern to the identity's own baseline; returns how many features it carried.</summary>
    private static int LearnConfirmed(IdentityState identity, ulong[] pattern, long timestampMs)
    {
        var features = default(FeatureHashes);
        int taught = 0;
        for (int i = 0; i < Math.Min(pattern.Length, PatternLength); i++)
        {
            features[i] = pattern[i];
            taught += pattern[i] != 0 ? 1 : 0;
        }

        identity.Profile.Learn(features, timestampMs, countHour: true, ConfirmedSafeWeight);
        return taught;
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
