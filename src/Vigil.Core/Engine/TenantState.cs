using System.Collections.Concurrent;
using Vigil.Core.Baselines;
using Vigil.Core.Detection;
using Vigil.Core.Graph;
using Vigil.Core.Identities;
using Vigil.Core.Statistics;

namespace Vigil.Core.Engine;

/// <summary>
/// Population baselines of one tenant: the tenant profile (the "attacker's view" of how common a value is, and the
/// last fallback for cold start), one profile per peer group, how many identities share each IP prefix (shared
/// VPN or corporate egress), and the multivariate outlier model. Each part has its own lock.
/// </summary>
internal sealed partial class TenantState
{
    private readonly Dictionary<string, PeerGroupState> _peers = new(StringComparer.Ordinal);

    public TenantState(string id, int seed, VigilEngineOptions options)
    {
        Id = id;
        Graph = new MidasR(options.GraphSketchRows, options.GraphSketchBuckets, options.GraphDecay, options.GraphTickSeconds * 1000L, (ulong)(uint)seed);
        AccessGraph = new AccessGraph(options.GraphMaxNodes, options.GraphMaxDegree, options.GraphIdleDays, options.GraphTaintHalfLifeMinutes * 60_000L);
        Outliers = new HalfSpaceTrees(OutlierFeatures.Dimensions, trees: 16, depth: 10, windowSize: 256, seed: seed);
    }

    public string Id { get; }

    public ConcurrentDictionary<string, IdentityState> Identities { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<ulong, SourceState> Sources { get; } = new();

    /// <summary>The sweep clock: event time of the last sweep of idle sources (moved at most one step per sweep).</summary>
    public long LastSweepMs;

    /// <summary>Newest event time the shared baselines learned from, or the clock an outlier moved one leap (0 before any).</summary>
    public long LearnClockMs;

    /// <summary>
    /// Accesses from a network new to their identity, per identity id, waiting out their probation before they are
    /// learned (VigilEngine.Learning); each list is guarded by its identity's lock.
    /// </summary>
    public ConcurrentDictionary<string, List<HeldObservation>> Probation { get; } = new(StringComparer.Ordinal);

    /// <summary>Networks (ASN and address-range hashes) that carried a flagged event or failed for several accounts; guarded by <see cref="Gate"/>.</summary>
    public DecayedFrequencySketch FlaggedNetworks { get; private set; } = new(capacity: 1024, halfLifeDays: 30);

    /// <summary>Feature values confirmed safe recently, per identity, for the group rule (VigilEngine.Feedback); guarded by <see cref="Gate"/>.</summary>
    public List<Feedback.ConfirmedPattern> ConfirmedPatterns { get; } = [];

    public Lock Gate { get; } = new();

    public BehaviourProfile Profile { get; private set; } = new(ProfileShape.Tenant);

    /// <summary>Per IP prefix, how many distinct identities first used it (decayed): shared egress when high.</summary>
    public DecayedFrequencySketch PrefixSharing { get; private set; } = new(capacity: 2048, halfLifeDays: 45);

    public Lock OutlierGate { get; } = new();

    public HalfSpaceTrees Outliers { get; private set; }

    /// <summary>Learned events seen by the outlier model; it learns every <see cref="OutlierLearnEvery"/>th (mass profiles need a sample, not every point).</summary>
    public long OutlierCandidates;

    public const int OutlierLearnEvery = 4;

    public Lock GraphGate { get; } = new();

    /// <summary>The graph family's sketches of edges (identity, resource) and their endpoints: fixed size, whatever the tenant's size.</summary>
    public MidasR Graph { get; private set; }

    /// <summary>The typed identity and access graph (nodes, edges, taint), bounded by the graph caps; guarded by <see cref="GraphGate"/>.</summary>
    public AccessGraph AccessGraph { get; private set; }

    /// <summary>Peer groups in name order (for checkpoints: deterministic bytes).</summary>
    public PeerGroupState[] PeersInOrder()
    {
        lock (_peers)
        {
            return [.. _peers.Values.OrderBy(p => p.Name, StringComparer.Ordinal)];
        }
    }

    public void AddPeer(PeerGroupState peer)
    {
        lock (_peers)
        {
            _peers[peer.Name] = peer;
        }
    }

    /// <summary>What an assessment sees for a peer group the tenant does not hold: empty, never learned into.</summary>
    public PeerGroupState EmptyPeer { get; } = new("");

    /// <summary>The peer group named <paramref name="name"/> when the tenant holds it; never creates one.</summary>
    public PeerGroupState? FindPeer(string name)
    {
        lock (_peers)
        {
            return _peers.GetValueOrDefault(name);
        }
    }

    /// <summary>Whether the tenant holds the group <paramref name="name"/>, or holds fewer than <paramref name="max"/> groups.</summary>
    public bool HoldsPeerOrHasRoom(string name, int max)
    {
        lock (_peers)
        {
            return _peers.Count < max || _peers.ContainsKey(name);
        }
    }

    public PeerGroupState Peer(string name)
    {
        lock (_peers)
        {
            if (!_peers.TryGetValue(name, out var peer))
            {
                peer = new PeerGroupState(name);
                _peers.Add(name, peer);
            }

            return peer;
        }
    }
}
