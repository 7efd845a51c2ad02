using Vigil.Core.Scoring;
using Vigil.Core.Telemetry;

namespace Vigil.Core.Engine;

/// <summary>
/// What the engine holds about one identity at a moment, read without learning (<see cref="VigilEngine.Snapshot"/>).
/// Only state the engine keeps: it stores hashes of countries, networks and devices, so it can count them but not
/// name them, and it keeps neither a first-seen time nor a total event count.
/// </summary>
public sealed record IdentitySnapshot
{
    /// <summary>The identity's id.</summary>
    public required string Id { get; init; }

    /// <summary>The tenant it belongs to.</summary>
    public required string Tenant { get; init; }

    /// <summary>Human, workload or agent, as its events said.</summary>
    public required IdentityKind Kind { get; init; }

    /// <summary>The peer group its behaviour is compared with.</summary>
    public required string PeerGroup { get; init; }

    /// <summary>Newest event time learned from (Unix ms; event time, the engine's only clock).</summary>
    public required long LastSeenMs { get; init; }

    /// <summary>Accumulated identity risk decayed to the snapshot's time, 0..1 (1 when confirmed compromised).</summary>
    public required float IdentityRisk { get; init; }

    /// <summary>The band of <see cref="IdentityRisk"/> x 100 on the score's scale (the policy's <c>risk.identity</c>).</summary>
    public required RiskLevel Level { get; init; }

    /// <summary>When a risky event (or "not me" feedback) last raised the accumulated risk; null when nothing is accumulated.</summary>
    public long? RiskRaisedAtMs { get; init; }

    /// <summary>An administrator confirmed the identity compromised (risk pinned at 1 until "confirm safe").</summary>
    public bool Compromised { get; init; }

    /// <summary>When it was confirmed compromised.</summary>
    public long? CompromisedAtMs { get; init; }

    /// <summary>The person reported recent activity as not theirs.</summary>
    public bool UserReported { get; init; }

    /// <summary>The identity-level factors the next access will carry (VG1901 identity at risk, VG1902 confirmed compromised, VG1903 reported by the person), strongest first.</summary>
    public IReadOnlyList<RiskFactor> Factors { get; init; } = [];

    /// <summary>Accesses learned into the identity's baseline (undecayed); risky ones held out are not counted.</summary>
    public long BaselineObservations { get; init; }

    /// <summary>Risky observations held out of the baseline until confirmed (step-up passed or "confirm safe").</summary>
    public int HeldObservations { get; init; }

    /// <summary>Sessions tracked for replay detection (the most recent few) that are not revoked.</summary>
    public int Sessions { get; init; }

    /// <summary>Tracked sessions revoked by "confirm compromised".</summary>
    public int RevokedSessions { get; init; }

    /// <summary>Devices whose posture (compliant, managed) the engine holds.</summary>
    public int DevicesWithPosture { get; init; }

    /// <summary>Failed sign-ins in the last 30 minutes.</summary>
    public int FailedSignIns30Min { get; init; }

    /// <summary>Denied or timed-out MFA prompts in the last 15 minutes.</summary>
    public int MfaDenials15Min { get; init; }

    /// <summary>Distinct countries in the baseline (bounded sketch: at most its capacity).</summary>
    public int Countries { get; init; }

    /// <summary>Distinct networks (ASNs) in the baseline.</summary>
    public int Networks { get; init; }

    /// <summary>Distinct devices in the baseline.</summary>
    public int Devices { get; init; }

    /// <summary>Distinct resources in the baseline.</summary>
    public int Resources { get; init; }

    /// <summary>AS numbers the engine holds in clear (tracked sessions and the last located access), most recent first.</summary>
    public IReadOnlyList<uint> RecentAsNumbers { get; init; } = [];
}
