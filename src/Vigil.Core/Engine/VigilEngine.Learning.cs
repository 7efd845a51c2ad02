using Vigil.Core.Baselines;
using Vigil.Core.Detection;
using Vigil.Core.Graph;
using Vigil.Core.Identities;
using Vigil.Core.Language;
using Vigil.Core.Scoring;
using Vigil.Core.Statistics;
using Vigil.Core.Telemetry;

namespace Vigil.Core.Engine;

/// <summary>Learning, after scoring: counters always move; the baseline learns only what was not risky.</summary>
public sealed partial class VigilEngine
{
    private const long StepUpReleaseWindowMs = 30 * 60_000;

    /// <summary>How far past the tenant's learning clock an event may be and still be learned: a week, longer than any weekend or holiday silence.</summary>
    private const long MaxLearningLeapMs = 7 * 86_400_000L;

    private void Learn(in DetectionContext c, int score, in FactorList factors)
    {
        ref readonly var e = ref c.Event;
        var identity = c.Identity;
        identity.LastSeenMs = Math.Max(identity.LastSeenMs, e.TimestampMs);
        if (e.IdentityKind != identity.Kind && e.IdentityKind != IdentityKind.Human)
        {
            identity.Kind = e.IdentityKind;
        }

        CountWindows(c);
        TrackSessionsAndDevices(c);
        if ((Options.Detectors & DetectorFamilies.Graph) != 0)
        {
            // Every edge moves the graph counters, risky or not, as in MIDAS-R: a burst must see its own earlier edges.
            GraphDetector.Learn(c);
            RiskPathDetector.Learn(c, score);
        }

        if (c.Text.ActivityVector is { } text && score < Options.HoldOutScore && e.Outcome != EventOutcome.Failure)
        {
            // A risky text is not learned (it would become the identity's habit); unlike the behavioural baseline it
            // is not held for a step-up's release, which keeps the language state small.
            LearnText(c.Identity, c.Peer, text);
        }

        if (e.Kind == EventKind.Mfa && e.MfaResult == MfaResult.Approved && !factors.Contains(ReasonCode.MfaFatigue))
        {
            // Step-up passed: what was held for this identity recently is confirmed by the person.
            ReleaseHeld(c, e.TimestampMs - StepUpReleaseWindowMs);
            return;
        }

        if (!e.IsAccessAttempt || e.Outcome == EventOutcome.Failure)
        {
            return;
        }

        bool shared = AdvanceLearningClock(c.Tenant, e.TimestampMs);
        ReleaseProbation(c.Tenant, c.Peer, identity, e.TimestampMs); // a lock-free lookup (ConcurrentDictionary.IsEmpty would take every lock)

        if (score >= Options.HoldOutScore)
        {
            Flag(c.Tenant, c.Features, e.SourceCategories, e.TimestampMs); // whatever waits on probation from this network is never learned
            if (!shared)
            {
                return; // a release would teach the shared baselines at this outlying time
            }

            Hold(identity, new HeldObservation
            {
                Features = c.Features,
                TimestampMs = e.TimestampMs,
                EventIdHash = e.Id is null ? 0 : StableHash.Of(e.Id.AsSpan()),
                SessionHash = c.SessionHash,
                IpPrefixHash = c.Features.Of(Feature.IpPrefix),
                CountHour = true, // every learned access shapes the activity rhythm, not only sign-ins
            });
            return;
        }

        bool probation = shared && Options.Probation && (NewNetwork(c) || FromFailingSource(c));
        if (probation)
        {
            Probate(c, identity);
        }
        else
        {
            LearnBaseline(c.Tenant, c.Peer, identity, c.Features, e.TimestampMs, countHour: true, shared);
        }

        if (e.Location is GeoPoint here)
        {
            identity.LastLocatedMs = e.TimestampMs;
            identity.LastLatitude = here.Latitude;
            identity.LastLongitude = here.Longitude;
            identity.LastIpPrefixHash = c.Features.Of(Feature.IpPrefix);
            identity.LastAsNumber = e.AsNumber;
        }

        if (!shared || probation)
        {
            return;
        }

        Span<double> x = stackalloc double[OutlierFeatures.Dimensions];
        lock (c.Tenant.OutlierGate)
        {
            if (c.Tenant.OutlierCandidates++ % TenantState.OutlierLearnEvery == 0)
            {
                OutlierFeatures.Fill(c, x);
                c.Tenant.Outliers.Learn(x);
            }
        }
    }

    /// <summary>
    /// False for an event stamped more than <see cref="MaxLearningLeapMs"/> after everything the tenant has learned
    /// (microseconds read as milliseconds, a host with a wrong clock): its own identity learns it, but the shared
    /// baselines (peer and tenant profiles, address sharing, the outlier model) do not, because learning it would decay every peer and tenant profile to that
    /// moment and shift the outlier model's sample, changing everyone else's scores (issue 11, defect 4). Each such
    /// event moves the clock one leap forward, so real time that jumps (a long silence) is followed within a few events.
    /// </summary>
    private static bool AdvanceLearningClock(TenantState tenant, long timestampMs)
    {
        while (true)
        {
            long clock = Volatile.Read(ref tenant.LearnClockMs);
            bool admitted = clock == 0 || timestampMs <= clock + MaxLearningLeapMs;
            long next = clock == 0 ? timestampMs : admitted ? Math.Max(clock, timestampMs) : clock + MaxLearningLeapMs;
            if (next == clock || Interlocked.CompareExchange(ref tenant.LearnClockMs, next, clock) == clock)
            {
                return admitted;
            }
        }
    }

    private static void LearnBaseline(TenantState tenant, PeerGroupState peer, IdentityState identity, in HeldObservation o) =>
        LearnBaseline(tenant, peer, identity, o.Features, o.TimestampMs, o.CountHour, shared: true);

    private static void LearnBaseline(TenantState tenant, PeerGroupState peer, IdentityState identity, in FeatureHashes features, long timestampMs, bool countHour, bool shared)
    {
        ulong prefix = features[(int)Feature.IpPrefix];
        bool newPrefixForIdentity = prefix != 0 && identity.Profile[Feature.IpPrefix].Count(prefix, timestampMs) < 0.5;
        identity.Profile.Learn(features, timestampMs, countHour);
        if (!shared)
        {
            return;
        }

        lock (peer.Gate)
        {
            peer.Profile.Learn(features, timestampMs, countHour);
        }

        lock (tenant.Gate)
        {
            tenant.Profile.Learn(features, timestampMs, countHour);
            if (newPrefixForIdentity)
            {
                tenant.PrefixSharing.Add(prefix, timestampMs);
            }
        }
    }

    /// <summary>
    /// How long an access from a network new to its identity waits before it is learned (issue 13, item 4): three days,
    /// by event time. A run of low-risk probes from an attacker's infrastructure followed within that time by anything
    /// flagged from the same network (the takeover itself, or failures across accounts) is then never learned, so the
    /// takeover does not look familiar. A person's own new network is learned three days after first use; until then
    /// it scores as new (each later access from it waits its own three days). An access from hosting, anonymising or
    /// known-bad infrastructure is never released by time, only by confirm_safe: a slow prober could wait out any
    /// fixed delay.
    /// </summary>
    public const long ProbationMs = 3 * 86_400_000L;

    /// <summary>Infrastructure attackers rent: a person's access from it is learned only once someone confirms it.</summary>
    private const Vigil.Enrichment.Ip.IpCategory AttackerNetworks = Vigil.Enrichment.Ip.IpCategory.Hosting | Vigil.Enrichment.Ip.IpCategory.Anonymizer | Vigil.Enrichment.Ip.IpCategory.KnownBad;

    /// <summary>
    /// An identity is in its baseline (cold-start) period, shown as "learning" in the identity view, until this many
    /// accesses are learned: twenty, about a month of a person's working days, which is also the history the
    /// unusual-hour detector waits for (VG1003).
    /// </summary>
    public const int LearningObservations = 20;

    /// <summary>Network history an identity needs before a new network is put on probation: with less, everything is new and the baseline must grow.</summary>
    private const double ProbationMinHistory = 10;

    /// <summary>Most observations waiting per identity; the oldest is dropped unlearned (never learned without its probation).</summary>
    private const int MaxProbationPerIdentity = 16;

    /// <summary>A source that failed for this many accounts within the hour is never learned from, and its network is flagged.</summary>
    private const int FailingSourceAccounts = 3;

    /// <summary>An access whose network (ASN) its identity has not used, once the identity has some network history.</summary>
    private static bool NewNetwork(in DetectionContext c)
    {
        ulong asn = c.Features.Of(Feature.Asn);
        var networks = c.Identity.Profile[Feature.Asn];
        return asn != 0 && c.Identity.Profile.History(Feature.Asn) >= ProbationMinHistory && networks.Count(asn, c.Event.TimestampMs) < 0.5;
    }

    /// <summary>The source address failed for several accounts within the hour (spray or stuffing infrastructure).</summary>
    private static bool FromFailingSource(in DetectionContext c)
    {
        if (c.Source is not SourceState source)
        {
            return false;
        }

        lock (source.Gate)
        {
            return source.FailedAccountsLong.Count(c.Event.TimestampMs) >= FailingSourceAccounts;
        }
    }

    private static void Probate(in DetectionContext c, IdentityState identity)
    {
        ref readonly var e = ref c.Event;
        var list = c.Tenant.Probation.GetOrAdd(identity.Id, static _ => []);
        if (list.Count >= MaxProbationPerIdentity)
        {
            list.RemoveAt(0);
        }

        list.Add(new HeldObservation
        {
            Features = c.Features,
            TimestampMs = e.TimestampMs,
            EventIdHash = e.Id is null ? 0 : StableHash.Of(e.Id.AsSpan()),
            SessionHash = c.SessionHash,
            IpPrefixHash = c.Features.Of(Feature.IpPrefix),
            CountHour = true,
            UntilConfirmed = (e.SourceCategories & AttackerNetworks) != 0,
        });
    }

    /// <summary>
    /// Learns the identity's observations whose probation is over, unless their network was flagged meanwhile (they are
    /// then dropped). Runs under the identity's lock at its next access, so when it happens depends only on event order.
    /// </summary>
    private static void ReleaseProbation(TenantState tenant, PeerGroupState peer, IdentityState identity, long nowMs)
    {
        if (!tenant.Probation.TryGetValue(identity.Id, out var list))
        {
            return;
        }

        for (int i = 0; i < list.Count; i++)
        {
            var o = list[i];
            if (o.UntilConfirmed || o.TimestampMs + ProbationMs > nowMs)
            {
                continue;
            }

            list.RemoveAt(i--);
            if (!Flagged(tenant, o.Features, nowMs))
            {
                LearnBaseline(tenant, peer, identity, o);
            }
        }

        if (list.Count == 0)
        {
            tenant.Probation.TryRemove(identity.Id, out _);
        }
    }

    /// <summary>
    /// Flags the address range, and the whole network (ASN) when it is hosting, anonymising or known bad: a flagged
    /// consumer ISP would keep every customer's new addresses on probation for weeks.
    /// </summary>
    private static void Flag(TenantState tenant, in FeatureHashes features, Vigil.Enrichment.Ip.IpCategory categories, long timestampMs)
    {
        ulong asn = (categories & AttackerNetworks) != 0 ? features.Of(Feature.Asn) : 0, prefix = features.Of(Feature.IpPrefix);
        lock (tenant.Gate)
        {
            if (asn != 0)
            {
                tenant.FlaggedNetworks.Add(asn, timestampMs);
            }

            if (prefix != 0)
            {
                tenant.FlaggedNetworks.Add(prefix, timestampMs);
            }
        }
    }

    private static bool Flagged(TenantState tenant, in FeatureHashes features, long nowMs)
    {
        ulong asn = features.Of(Feature.Asn), prefix = features.Of(Feature.IpPrefix);
        lock (tenant.Gate)
        {
            return (asn != 0 && tenant.FlaggedNetworks.Count(asn, nowMs) >= 0.5) || (prefix != 0 && tenant.FlaggedNetworks.Count(prefix, nowMs) >= 0.5);
        }
    }

    private static void Hold(IdentityState identity, in HeldObservation o)
    {
        if (identity.HeldCount < IdentityState.HeldSlots)
        {
            identity.Held[identity.HeldCount++] = o;
            return;
        }

        // Full: the oldest held observation is dropped unlearned (never learned without confirmation).
        Array.Copy(identity.Held, 1, identity.Held, 0, IdentityState.HeldSlots - 1);
        identity.Held[IdentityState.HeldSlots - 1] = o;
    }

    private static int ReleaseHeld(in DetectionContext c, long since)
    {
        var identity = c.Identity;
        int released = 0, kept = 0;
        for (int i = 0; i < identity.HeldCount; i++)
        {
            var o = identity.Held[i];
            if (o.TimestampMs >= since)
            {
                LearnBaseline(c.Tenant, c.Peer, identity, o);
                released++;
            }
            else
            {
                identity.Held[kept++] = o;
            }
        }

        identity.HeldCount = kept;
        return released;
    }

    private static void CountWindows(in DetectionContext c)
    {
        ref readonly var e = ref c.Event;
        var identity = c.Identity;
        long now = e.TimestampMs;
        if (e.Kind == EventKind.SignIn)
        {
            if (e.Outcome == EventOutcome.Failure)
            {
                identity.FailedSignIns.Add(now);
            }

            bool failingSource = false;
            if (c.Source is SourceState source)
            {
                ulong account = StableHash.Of(e.SubjectId.AsSpan());
                lock (source.Gate)
                {
                    source.LastSeenMs = Math.Max(source.LastSeenMs, now);
                    source.Attempts.Add(now);
                    source.AttemptsLong.Add(now);
                    source.AccountsShort.Add(account, now);
                    if (e.Outcome == EventOutcome.Failure)
                    {
                        source.Failures.Add(now);
                        source.FailuresLong.Add(now);
                        source.FailedAccountsLong.Add(account, now);
                        failingSource = source.FailedAccountsLong.Count(now) >= FailingSourceAccounts;
                        if (string.Equals(e.FailureReason, "unknown_user", StringComparison.Ordinal))
                        {
                            source.UnknownUserFailures.Add(now);
                        }
                    }
                }
            }

            if (failingSource)
            {
                Flag(c.Tenant, c.Features, e.SourceCategories, now); // never learn from sources that fail for other accounts
            }
        }

        if (e.Kind == EventKind.Mfa && e.MfaResult is MfaResult.Denied or MfaResult.TimedOut)
        {
            identity.MfaDenials.Add(now);
            identity.LastMfaNegativeMs = now;
        }

        if (e.IsAccessAttempt)
        {
            long minute = now - (now % 60_000);
            if (minute != identity.RateMinuteStartMs)
            {
                // Close the previous minute into the rate baseline, unless it was itself a spike (never learn the attack).
                var rate = identity.RequestRate;
                bool spike = rate.Weight >= 5 && identity.RateMinuteCount > (rate.Mean * 3) + 10;
                if (identity.RateMinuteCount > 0 && !spike)
                {
                    identity.RequestRate.Add(identity.RateMinuteCount, now);
                }

                identity.RateMinuteStartMs = minute;
                identity.RateMinuteCount = 0;
            }

            identity.RateMinuteCount++;
            identity.Requests.Add(now);
        }

        if (e.BytesOut > 0 && e.Outcome != EventOutcome.Failure)
        {
            long hourStart = now - (now % 3_600_000);
            if (identity.VolumeHourStartMs != hourStart)
            {
                if (identity.VolumeThisHour > 0)
                {
                    identity.PeakHourlyBytes = Math.Max(PeakVolume.Current(identity, now), identity.VolumeThisHour);
                    identity.PeakHourlyAtMs = now;
                    identity.Profile.HourlyBytes.Add(identity.VolumeThisHour, now);
                    lock (c.Peer.Gate)
                    {
                        c.Peer.Profile.HourlyBytes.Add(identity.VolumeThisHour, now);
                    }
                }

                identity.VolumeHourStartMs = hourStart;
                identity.VolumeThisHour = 0;
            }

            identity.VolumeThisHour += e.BytesOut;
        }

        if (e.Kind == EventKind.PrivilegeChange && e.Outcome != EventOutcome.Failure)
        {
            identity.LastPrivilegeGrantMs = now;
        }
    }

    private static void TrackSessionsAndDevices(in DetectionContext c)
    {
        ref readonly var e = ref c.Event;
        var identity = c.Identity;
        if (e.Kind == EventKind.DevicePosture && e.DeviceId is not null)
        {
            ulong device = c.Features.Of(Feature.Device);
            int slot = SlotFor(identity.Devices.AsSpan(), device);
            ref var d = ref identity.Devices[slot];
            d.DeviceHash = device;
            d.Compliant = e.DeviceCompliant ?? d.Compliant;
            d.Managed = e.DeviceManaged ?? d.Managed;
            d.LastPostureMs = e.TimestampMs;
        }

        if (e.Kind == EventKind.SignOut && string.Equals(e.Action, RevokedSessionAction, StringComparison.OrdinalIgnoreCase))
        {
            RevokeSessions(c);
            return;
        }

        if (e.SessionId is null || e.Outcome == EventOutcome.Failure)
        {
            return;
        }

        ulong session = c.SessionHash;
        var sessions = identity.Sessions.AsSpan();
        for (int i = 0; i < sessions.Length; i++)
        {
            if (sessions[i].SessionHash == session)
            {
                if (e.Kind == EventKind.SignOut)
                {
                    sessions[i] = default;
                }
                else
                {
                    sessions[i].LastSeenMs = e.TimestampMs;
                }

                return;
            }
        }

        if (e.Kind is EventKind.SignIn or EventKind.TokenUse or EventKind.ResourceAccess or EventKind.ApiCall)
        {
            int slot = OldestSession(sessions);
            sessions[slot] = new SessionRecord
            {
                SessionHash = session,
                IpPrefixHash = c.Features.Of(Feature.IpPrefix),
                AsNumber = e.AsNumber,
                DeviceHash = c.Features.Of(Feature.Device),
                UserAgentHash = c.Features.Of(Feature.BrowserVersion),
                StartedMs = e.TimestampMs,
                LastSeenMs = e.TimestampMs,
            };
        }
    }

    /// <summary>
    /// <c>event.action</c> of a session revoked elsewhere (a CAEP session-revoked signal, issue 16): unlike a sign-out,
    /// which forgets the session, the session is kept as revoked, so its later use is a replay (VG1402).
    /// </summary>
    public const string RevokedSessionAction = "session-revoked";

    /// <summary>Marks the event's session revoked (remembered even when it was never seen), or every live session of the identity when the event names none.</summary>
    private static void RevokeSessions(in DetectionContext c)
    {
        var sessions = c.Identity.Sessions.AsSpan();
        if (c.SessionHash == 0)
        {
            for (int i = 0; i < sessions.Length; i++)
            {
                if (sessions[i].SessionHash != 0)
                {
                    sessions[i].Revoked = true;
                }
            }

            return;
        }

        for (int i = 0; i < sessions.Length; i++)
        {
            if (sessions[i].SessionHash == c.SessionHash)
            {
                sessions[i].Revoked = true;
                return;
            }
        }

        int slot = OldestSession(sessions);
        sessions[slot] = new SessionRecord { SessionHash = c.SessionHash, StartedMs = c.Event.TimestampMs, LastSeenMs = c.Event.TimestampMs, Revoked = true };
    }

    private static int SlotFor(Span<DeviceRecord> devices, ulong device)
    {
        int oldest = 0;
        for (int i = 0; i < devices.Length; i++)
        {
            if (devices[i].DeviceHash == device || devices[i].DeviceHash == 0)
            {
                return i;
            }

            if (devices[i].LastPostureMs < devices[oldest].LastPostureMs)
            {
                oldest = i;
            }
        }

        return oldest;
    }

    private static int OldestSession(Span<SessionRecord> sessions)
    {
        int oldest = 0;
        for (int i = 0; i < sessions.Length; i++)
        {
            if (sessions[i].SessionHash == 0)
            {
                return i;
            }

            if (sessions[i].LastSeenMs < sessions[oldest].LastSeenMs)
            {
                oldest = i;
            }
        }

        return oldest;
    }

    /// <summary>
    /// Centroids per identity and per peer group, bounded (6 KB and 48 KB at 384 dimensions): a group's members use
    /// many routes and tools, and too few centroids blur them into means that nothing resembles (measured on the lab:
    /// 4 and 16 made every less common route of a department look novel).
    /// </summary>
    internal const int IdentityTextCentroids = 8;

    internal const int PeerTextCentroids = 64;

    private static void LearnText(IdentityState identity, PeerGroupState peer, sbyte[] text)
    {
        // The peer group learns a text only when it is new to the identity: its centroids then hold what each member
        // does rather than how often the chattiest member repeats it, and the common event (a text the identity
        // already uses) skips the group's 64 centroids and its lock (docs/language.md, docs/benchmarks.md).
        if (!(identity.Text ??= new TextBaseline(IdentityTextCentroids, text.Length)).Learn(text))
        {
            return;
        }

        lock (peer.Gate)
        {
            (peer.Text ??= new TextBaseline(PeerTextCentroids, text.Length)).Learn(text);
        }
    }
}
