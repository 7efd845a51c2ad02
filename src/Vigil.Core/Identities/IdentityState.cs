using Vigil.Core.Baselines;
using Vigil.Core.Statistics;
using Vigil.Core.Telemetry;

namespace Vigil.Core.Identities;

/// <summary>
/// Everything the engine keeps for one identity. Bounded: fixed-size sketches and small fixed arrays, so memory
/// per identity does not grow with its history (docs/benchmarks.md measures it). Guarded by <see cref="Gate"/>.
/// </summary>
internal sealed partial class IdentityState
{
    public const int SessionSlots = 6;
    public const int DeviceSlots = 3;
    public const int HeldSlots = 4;

    public IdentityState(string id, IdentityKind kind, string peerGroup)
    {
        Id = id;
        Kind = kind;
        PeerGroup = peerGroup;
    }

    public Lock Gate { get; } = new();

    public string Id { get; }

    public IdentityKind Kind { get; set; }

    public string PeerGroup { get; set; }

    /// <summary>The peer group's state, cached (looked up again when <see cref="PeerGroup"/> changes).</summary>
    public Engine.PeerGroupState? Peer { get; set; }

    /// <summary>
    /// This identity's node in the tenant's access graph, cached so an event costs one dictionary lookup fewer
    /// (derived: not checkpointed; the graph checks it is still its own live node before using it).
    /// </summary>
    public Graph.GraphNode? GraphNode;

    /// <summary>The last link plausibility computed for this identity (derived, not checkpointed).</summary>
    public Graph.LinkMemo LinkMemo;

    public BehaviourProfile Profile { get; private set; } = new(ProfileShape.Identity);

    // Last successful sign-in or access with a location, for travel.
    public long LastLocatedMs;
    public double LastLatitude;
    public double LastLongitude;
    public ulong LastIpPrefixHash;
    public uint LastAsNumber;

    // Short windows.
    public SlidingWindowCounter FailedSignIns { get; private set; } = new(windowMs: 30 * 60_000, buckets: 6);
    public SlidingWindowCounter MfaDenials { get; private set; } = new(windowMs: 15 * 60_000, buckets: 5);
    public SlidingWindowCounter Requests { get; private set; } = new(windowMs: 60_000, buckets: 6);
    public RunningMoments RequestRate = new(halfLifeDays: 14);

    // Requests in the current clock minute, sampled into RequestRate when the minute closes (a burst must not teach
    // the baseline about itself while it is still going on).
    public long RateMinuteStartMs;
    public int RateMinuteCount;
    public long LastMfaNegativeMs;

    // Data volume in the current clock hour, closed into Profile.HourlyBytes when the hour changes.
    public long VolumeHourStartMs;
    public long VolumeThisHour;

    // The largest hourly volume seen (decays with a 30-day half-life): a nightly batch job sets it, exfiltration exceeds it.
    public double PeakHourlyBytes;
    public long PeakHourlyAtMs;

    public readonly SessionRecord[] Sessions = new SessionRecord[SessionSlots];
    public readonly DeviceRecord[] Devices = new DeviceRecord[DeviceSlots];
    public readonly HeldObservation[] Held = new HeldObservation[HeldSlots];
    public int HeldCount;

    // Accumulated identity risk: a level that decays, raised by risky events and feedback.
    public float AccumulatedRisk;
    public long AccumulatedAtMs;
    public bool Compromised;
    public long CompromisedAtMs;
    public bool UserReported;

    // Privilege escalation: when a privilege was last granted.
    public long LastPrivilegeGrantMs;

    public long LastSeenMs;
}
