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
    /// With a <paramref name="pattern"/> (<c>PatternOf</c> of an alerted event, seen at <paramref name="patternTimeMs"/>),
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
        List<(Feature Feature, ulong Value, string PeerGroup, bool Crossed)>? groupNormal = null;
        FeedbackResult result;
        lock (identity.Gate)
        {
            int learned = 0, discarded = 0, revoked = 0, patterns = 0, group = 0;
            bool travelPair = false;
            switch (kind)
            {
                case FeedbackKind.ConfirmSafe:
                    learned = TakeHeld(identity, eventHash, o => LearnBaseline(tenant, peer, identity, o))
                        + TakeProbation(tenant, identity, eventHash, o => LearnBaseline(tenant, peer, identity, o));
                    if (pattern is not null)
                    {
                        (patterns, travelPair) = LearnConfirmed(identity, pattern, patternTimeMs);
                        groupNormal = LearnForGroup(tenant, identity, pattern, patternTimeMs);
                        group = groupNormal.Select(t => (t.Feature, t.Value)).Distinct().Count();
                    }

                    identity.AccumulatedRisk = 0;
                    identity.Compromised = false;
                    identity.UserReported = false;
                    break;
                case FeedbackKind.Dismiss:
                    discarded = TakeHeld(identity, eventHash, static _ => { }) + TakeProbation(tenant, identity, eventHash, static _ => { });
                    identity.AccumulatedRisk = 0;
                    identity.UserReported = false;
                    identity.Compromised = false; // Entra's "dismiss user risk": after remediation (a password reset) the confirmed compromise closes too, unlearned
                    break;
                case FeedbackKind.ConfirmCompromised:
                    discarded = TakeHeld(identity, 0, static _ => { }) + TakeProbation(tenant, identity, 0, static _ => { });
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
                    discarded = TakeHeld(identity, eventHash, static _ => { }) + TakeProbation(tenant, identity, eventHash, static _ => { });
                    identity.UserReported = true;
                    identity.AccumulatedRisk = Math.Max(IdentityRisk.Current(identity, timestampMs, Options), 0.7f);
                    identity.AccumulatedAtMs = timestampMs;
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown feedback kind.");
            }

            result = new FeedbackResult(true, learned, discarded, revoked, IdentityRisk.Current(identity, timestampMs, Options)) { PatternsLearned = patterns, GroupPatternsLearned = group, TravelPairLearned = travelPair };
        }

        if (groupNormal is { Count: > 0 })
        {
            TeachPeers(tenant, identity, groupNormal, patternTimeMs); // outside this identity's lock: it takes each peer's in turn
        }

        return result;
    }

    /// <summary>
    /// How many values an event's pattern has (<see cref="PatternOf(in TelemetryEvent, in Scoring.RiskAssessment, Span{ulong})"/>):
    /// one per baseline feature, then the travel pair. Patterns stored before the pair (one value fewer) are still taught.
    /// </summary>
    public const int PatternLength = FeatureSet.Count + 1;

    /// <summary>Where the pattern keeps the impossible-travel pair (<see cref="Scoring.RiskAssessment.TravelPair"/>).</summary>
    private const int TravelPairSlot = FeatureSet.Count;

    /// <summary>
    /// Writes the pattern the baselines learn from <paramref name="enriched"/>: one stable hash per feature (country,
    /// network, address range, city, client, device, resource, action, credential type; 0 where the event has none),
    /// and 0 for the travel pair, which only an assessment knows.
    /// An alert keeps it, so confirming the alert safe can teach it to the identity even when the event was not held.
    /// </summary>
    public static void PatternOf(in TelemetryEvent enriched, Span<ulong> pattern)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pattern.Length, PatternLength);
        var features = FeatureExtractor.Extract(enriched);
        ((ReadOnlySpan<ulong>)features).CopyTo(pattern);
        pattern[TravelPairSlot] = 0;
    }

    /// <summary>
    /// The pattern of an alerted event with what its assessment was about beyond the event's own features: the two
    /// networks of an impossible travel (<see cref="Scoring.RiskAssessment.TravelPair"/>), which confirm_safe makes a
    /// known pair for the identity, so the same jump in either direction stops alerting (docs/alerts.md).
    /// </summary>
    public static void PatternOf(in TelemetryEvent enriched, in Scoring.RiskAssessment assessment, Span<ulong> pattern)
    {
        PatternOf(enriched, pattern);
        pattern[TravelPairSlot] = assessment.TravelPair;
    }

    /// <summary>
    /// How many observations one confirmed-safe alert counts for. Ten: the identity likelihood behind VG1001 needs a
    /// value to be a fair share of the identity's history before it stops looking new (Freeman et al. 2016, eq. 3
    /// smoothing), and one observation among hundreds never is; ten is still well below a month of real use.
    /// </summary>
    public const float ConfirmedSafeWeight = 10f;

    /// <summary>
    /// Teaches a confirmed-safe pattern to the identity's own baseline, and its travel pair when it has one (personal:
    /// never shared with the group); returns how many features it carried and whether it carried a pair.
    /// </summary>
    private static (int Features, bool TravelPair) LearnConfirmed(IdentityState identity, ulong[] pattern, long timestampMs)
    {
        var features = default(FeatureHashes);
        int taught = 0;
        for (int i = 0; i < Math.Min(pattern.Length, FeatureSet.Count); i++)
        {
            features[i] = pattern[i];
            taught += pattern[i] != 0 ? 1 : 0;
        }

        identity.Profile.Learn(features, timestampMs, countHour: true, ConfirmedSafeWeight);
        ulong pair = pattern.Length > TravelPairSlot ? pattern[TravelPairSlot] : 0;
        identity.LearnTravelPair(pair, timestampMs, ConfirmedSafeWeight);
        return (taught, pair != 0);
    }

    /// <summary>
    /// The group rule: a feature value (a network, an address range, a country, a client ...) confirmed safe for this
    /// many distinct identities of a tenant within <see cref="GroupWindowMs"/> is normal for the group: a new corporate
    /// VPN or office. Three, because two could be one person's two accounts, and a week, because a rollout reaches
    /// everyone within days. Devices are never shared this way (a device belongs to one person).
    /// </summary>
    public const int GroupConfirmations = 3;

    /// <summary>The window of the group rule, by event time: seven days.</summary>
    public const long GroupWindowMs = 7 * 86_400_000L;

    /// <summary>Most confirmed values a tenant remembers for the group rule; the oldest go first.</summary>
    private const int MaxConfirmedPatterns = 4_096;

    /// <summary>
    /// How many observations a value that became normal for a peer group counts for in each member's baseline: half a
    /// personal confirmation. Teaching the member itself is what makes it normal: Freeman's ratio compares the
    /// population with the identity, so a value taught only to the shared profiles stays new for anyone with history.
    /// </summary>
    public const float GroupNormalWeight = ConfirmedSafeWeight / 2;

    /// <summary>
    /// Teaches each value that just became normal to every identity in memory of the peer groups that confirmed it
    /// (an identity evicted to storage meanwhile misses it and learns the value on its own; a new one backs off to the
    /// peer group, which learned it too).
    /// </summary>
    private static void TeachPeers(TenantState tenant, IdentityState confirmer, List<(Feature Feature, ulong Value, string PeerGroup, bool Crossed)> values, long timestampMs)
    {
        values = [.. values.Where(v => v.Crossed)]; // members are taught once, when the value becomes normal
        var groups = values.Select(v => v.PeerGroup).ToHashSet(StringComparer.Ordinal);
        var members = tenant.Identities.Values.Where(i => i != confirmer && groups.Contains(i.PeerGroup)).OrderBy(i => i.Id, StringComparer.Ordinal).ToList();
        var distinct = values.Select(v => (v.Feature, v.Value)).Distinct().ToList();
        foreach (var member in members)
        {
            lock (member.Gate)
            {
                foreach (var (feature, value) in distinct)
                {
                    if (values.Contains((feature, value, member.PeerGroup, true)))
                    {
                        member.Profile.LearnValue(feature, value, timestampMs, GroupNormalWeight);
                    }
                }
            }
        }
    }

    /// <summary>
    /// Records the pattern's values as confirmed for this identity and teaches each value that reaches
    /// <see cref="GroupConfirmations"/> identities to the tenant's profile and the confirmers' peer groups, with the
    /// weight of <see cref="ConfirmedSafeWeight"/> per confirmer. Called under the identity's lock; takes the tenant's
    /// and then each peer's lock one at a time, never nested, as learning does. Returns the values that became (or
    /// stayed) normal, each with a peer group that confirmed it, for <see cref="TeachPeers"/>.
    /// </summary>
    private static List<(Feature Feature, ulong Value, string PeerGroup, bool Crossed)> LearnForGroup(TenantState tenant, IdentityState identity, ulong[] pattern, long timestampMs)
    {
        ulong who = StableHash.Of(identity.Id.AsSpan());
        var teach = new List<(Feature Feature, ulong Value, string PeerGroup, bool Crossed)>();
        lock (tenant.Gate)
        {
            var confirmed = tenant.ConfirmedPatterns;
            long newest = confirmed.Count == 0 ? timestampMs : Math.Max(timestampMs, confirmed.Max(p => p.TimeMs));
            confirmed.RemoveAll(p => p.TimeMs < newest - GroupWindowMs);
            for (int f = 0; f < Math.Min(pattern.Length, FeatureSet.Count); f++)
            {
                ulong value = pattern[f];
                if (value == 0 || (Feature)f == Feature.Device || timestampMs < newest - GroupWindowMs)
                {
                    continue;
                }

                int mine = confirmed.FindIndex(p => p.Feature == f && p.Value == value && p.IdentityHash == who);
                if (mine >= 0)
                {
                    confirmed.RemoveAt(mine); // the same person confirming again is still one person: re-dated, not recounted
                }

                confirmed.Add(new ConfirmedPattern((byte)f, value, who, identity.PeerGroup, timestampMs));
                var same = confirmed.Where(p => p.Feature == f && p.Value == value).ToList();
                if (same.Count == GroupConfirmations && mine < 0)
                {
                    teach.AddRange(same.Select(p => ((Feature)f, value, p.PeerGroup, true))); // the value just became normal: every confirmer counts
                }
                else if (same.Count > GroupConfirmations && mine < 0)
                {
                    teach.Add(((Feature)f, value, identity.PeerGroup, false)); // already normal: the shared profiles count one more
                }
            }

            if (confirmed.Count > MaxConfirmedPatterns)
            {
                confirmed.RemoveRange(0, confirmed.Count - MaxConfirmedPatterns);
            }

            foreach (var (feature, value, _, _) in teach)
            {
                tenant.Profile.LearnValue(feature, value, timestampMs, ConfirmedSafeWeight);
            }
        }

        foreach (var (feature, value, peerGroup, _) in teach)
        {
            var peer = tenant.FindPeer(peerGroup);
            if (peer is not null)
            {
                lock (peer.Gate)
                {
                    peer.Profile.LearnValue(feature, value, timestampMs, ConfirmedSafeWeight);
                }
            }
        }

        return teach;
    }

    /// <summary>Removes observations on probation (all, or the one for an event) and hands each to <paramref name="use"/>.</summary>
    private static int TakeProbation(TenantState tenant, IdentityState identity, ulong eventHash, Action<HeldObservation> use)
    {
        if (!tenant.Probation.TryGetValue(identity.Id, out var list))
        {
            return 0;
        }

        int taken = 0;
        for (int i = 0; i < list.Count; i++)
        {
            if (eventHash == 0 || list[i].EventIdHash == eventHash)
            {
                use(list[i]);
                list.RemoveAt(i--);
                taken++;
            }
        }

        if (list.Count == 0)
        {
            tenant.Probation.TryRemove(identity.Id, out _);
        }

        return taken;
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
