using Vigil.Core.Baselines;
using Vigil.Core.Detection;
using Vigil.Core.Detection.Detectors;
using Vigil.Core.Identities;
using Vigil.Core.Scoring;
using Vigil.Core.Telemetry;

namespace Vigil.Core.Engine;

/// <summary>A read-only view of one identity's state, for administrators and the person themselves.</summary>
public sealed partial class VigilEngine
{
    // The factors come from the detector that adds them to every access, so the view cannot drift from scoring.
    private static readonly IdentityRiskDetector IdentityFactors = new();

    /// <summary>
    /// Whether the engine holds anything about <paramref name="identityId"/> in <paramref name="tenant"/> (null: the
    /// default tenant), in memory or evicted: <see cref="Snapshot"/>'s null test without building the snapshot.
    /// </summary>
    public bool Knows(string identityId, string? tenant)
    {
        ArgumentNullException.ThrowIfNull(identityId);
        TenantState? state;
        lock (_tenants)
        {
            _tenants.TryGetValue(tenant ?? Options.DefaultTenant, out state);
        }

        return state is not null && FindIdentity(state, identityId, restore: false) is not null;
    }

    /// <summary>
    /// What the engine holds about <paramref name="identityId"/> in <paramref name="tenant"/> (null: the default
    /// tenant), with risk decayed to <paramref name="nowMs"/>; null when the engine holds nothing for it. Read under
    /// the identity's lock, as <see cref="Assess"/> reads, so it sees no half-applied event; it learns nothing and
    /// creates no state (not even an unknown tenant).
    /// </summary>
    public IdentitySnapshot? Snapshot(string identityId, string? tenant, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(identityId);
        string tenantId = tenant ?? Options.DefaultTenant;
        TenantState? state;
        lock (_tenants)
        {
            _tenants.TryGetValue(tenantId, out state);
        }

        if (state is null || FindIdentity(state, identityId, restore: false) is not { } identity)
        {
            return null;
        }

        lock (identity.Gate)
        {
            float risk = IdentityRisk.Current(identity, nowMs, Options);
            return new IdentitySnapshot
            {
                Id = identity.Id,
                Tenant = tenantId,
                Kind = identity.Kind,
                PeerGroup = identity.PeerGroup,
                LastSeenMs = identity.LastSeenMs,
                IdentityRisk = risk,
                Level = RiskFusion.LevelOf((int)Math.Round(risk * 100)),
                RiskRaisedAtMs = identity.AccumulatedRisk > 0f ? identity.AccumulatedAtMs : null,
                Compromised = identity.Compromised,
                CompromisedAtMs = identity.Compromised ? identity.CompromisedAtMs : null,
                UserReported = identity.UserReported,
                Factors = CarriedFactors(state, identity, nowMs),
                BaselineObservations = (long)Math.Round(identity.Profile.Hours.EverSeenWeight),
                HeldObservations = identity.HeldCount,
                Sessions = identity.Sessions.Count(s => s.SessionHash != 0 && !s.Revoked),
                RevokedSessions = identity.Sessions.Count(s => s.SessionHash != 0 && s.Revoked),
                DevicesWithPosture = identity.Devices.Count(d => d.DeviceHash != 0),
                FailedSignIns30Min = identity.FailedSignIns.Count(nowMs),
                MfaDenials15Min = identity.MfaDenials.Count(nowMs),
                Countries = identity.Profile[Feature.Country].Distinct,
                Networks = identity.Profile[Feature.Asn].Distinct,
                Devices = identity.Profile[Feature.Device].Distinct,
                Resources = identity.Profile[Feature.Resource].Distinct,
                RecentAsNumbers = RecentAsNumbers(identity),
            };
        }
    }

    /// <summary>Runs the identity-risk detector on a bare access at <paramref name="nowMs"/> (caller holds the identity's lock).</summary>
    private RiskFactor[] CarriedFactors(TenantState tenant, IdentityState identity, long nowMs)
    {
        var probe = new TelemetryEvent { SubjectId = identity.Id, TimestampMs = nowMs, Kind = EventKind.ResourceAccess, IdentityKind = identity.Kind };
        var features = default(FeatureHashes);
        // An identity restored from a checkpoint may not have its peer cached yet; a detached one avoids registering a group.
        var peer = identity.Peer ?? new PeerGroupState(identity.PeerGroup);
        var context = new DetectionContext(probe, features, identity, peer, tenant, null, Options, 0f, sessionHash: 0);
        var factors = default(FactorList);
        IdentityFactors.Detect(context, ref factors);
        var result = new RiskFactor[factors.Count];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = factors[i];
        }

        Array.Sort(result, static (a, b) => b.Contribution.CompareTo(a.Contribution));
        return result;
    }

    private static uint[] RecentAsNumbers(IdentityState identity)
    {
        var seen = new List<(uint Asn, long AtMs)>(IdentityState.SessionSlots + 1);
        foreach (var s in identity.Sessions)
        {
            if (s.SessionHash != 0 && s.AsNumber != 0)
            {
                seen.Add((s.AsNumber, s.LastSeenMs));
            }
        }

        if (identity.LastAsNumber != 0)
        {
            seen.Add((identity.LastAsNumber, identity.LastLocatedMs));
        }

        return [.. seen.OrderByDescending(p => p.AtMs).Select(p => p.Asn).Distinct()];
    }
}
