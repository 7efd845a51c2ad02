using System.Net;
using System.Runtime.InteropServices;
using Vigil.Core.Statistics;
using Vigil.Core.Telemetry;

namespace Vigil.Core.Graph;

/// <summary>
/// The typed identity and access graph of one tenant (issue 14, item 1), kept streaming from the events the engine
/// learns: identities (people, workloads, agents) with edges to the hosts and resources they sign in to, access or
/// present credentials to, the devices and addresses they use, their groups, and the people an agent acts for. Risk
/// flows along it (<see cref="Taint"/>): a risky event taints its identity and, with decay per hop and over time,
/// the devices, addresses and hosts it used, the identities sharing them and the agents acting for it.
/// </summary>
/// <remarks>
/// Memory is bounded: at most <c>maxNodes</c> nodes (past it the least recently seen eighth is evicted), at most
/// <c>maxDegree</c> edges out of and recorded sources into a node (the least recently used edge and the oldest source
/// give way), labels cut to <see cref="MaxLabel"/> characters, and nodes idle for <c>idleDays</c> are dropped once a
/// day of event time. Every choice depends only on the events and ties break by key, so the same stream gives the
/// same graph on any host, and a checkpoint restores it exactly. Not thread-safe: the engine holds the tenant's
/// graph lock around every call.
/// </remarks>
internal sealed partial class AccessGraph
{
    /// <summary>Longest label kept: hostile input cannot make a node large.</summary>
    public const int MaxLabel = 128;

    /// <summary>Half-life of an edge's use count.</summary>
    private const double EdgeHalfLifeMs = 14 * 86_400_000.0;

    private const long DayMs = 86_400_000L;

    private readonly Dictionary<ulong, GraphNode> _nodes = [];

    public AccessGraph(int maxNodes, int maxDegree, int idleDays, long taintHalfLifeMs)
    {
        if (maxNodes < 16 || maxDegree is < 2 or > 4096 || idleDays < 1 || taintHalfLifeMs < 1000)
        {
            throw new ArgumentOutOfRangeException(nameof(maxNodes), "maxNodes >= 16, maxDegree 2..4096, idleDays >= 1, taint half-life >= 1 s.");
        }

        TaintHalfLifeMs = taintHalfLifeMs;

        MaxNodes = maxNodes;
        MaxDegree = maxDegree;
        IdleDays = idleDays;
    }

    public int MaxNodes { get; }

    public int MaxDegree { get; }

    public int IdleDays { get; }

    /// <summary>Taint halves every this many milliseconds of event time.</summary>
    public long TaintHalfLifeMs { get; }

    /// <summary>The event day of the last idle sweep.</summary>
    public long LastSweepDay { get; private set; } = long.MinValue;

    public int NodeCount => _nodes.Count;

    /// <summary>Edges out of all nodes (an edge into an evicted node counts until its source drops it).</summary>
    public int EdgeCount
    {
        get
        {
            int n = 0;
            foreach (var node in _nodes.Values)
            {
                n += node.Out.Count;
            }

            return n;
        }
    }

    /// <summary>Moves on every event added: what was read from the graph at one version holds until the next (derived, not checkpointed).</summary>
    public long Version { get; private set; }

    /// <summary>Nodes evicted so far (caps and idleness), for reports.</summary>
    public long Evicted { get; private set; }

    public GraphNode? Find(ulong key) => _nodes.GetValueOrDefault(key);

    /// <summary>Key of the identity named <paramref name="id"/> (all identity kinds share it: a kind can change).</summary>
    public static ulong IdentityKey(string id) => StableHash.Combine(1, StableHash.Of(id.AsSpan()));

    /// <summary>Key of a host or resource.</summary>
    public static ulong ResourceKey(string id) => StableHash.Combine(2, StableHash.Of(id.AsSpan()));

    public static ulong DeviceKey(string id) => StableHash.Combine(3, StableHash.Of(id.AsSpan()));

    public static ulong GroupKey(string name) => StableHash.Combine(5, StableHash.Of(name.AsSpan()));

    public static ulong AddressKey(IPAddress ip)
    {
        Span<byte> bytes = stackalloc byte[16];
        return ip.TryWriteBytes(bytes, out int written) ? StableHash.Combine(4, StableHash.Of(bytes[..written])) : 0;
    }

    public static NodeKind IdentityNodeKind(IdentityKind kind) => kind switch
    {
        IdentityKind.Workload => NodeKind.Workload,
        IdentityKind.Agent => NodeKind.Agent,
        _ => NodeKind.Person,
    };

    /// <summary>A resource is a host when its type says so.</summary>
    public static NodeKind ResourceNodeKind(string? resourceType) =>
        resourceType is not null && (resourceType.Equals("host", StringComparison.OrdinalIgnoreCase) || resourceType.Equals("server", StringComparison.OrdinalIgnoreCase))
            ? NodeKind.Host
            : NodeKind.Resource;

    /// <summary>The edge an access makes from its identity to its resource.</summary>
    public static EdgeKind AccessEdgeKind(in TelemetryEvent e) => e.Kind switch
    {
        EventKind.SignIn => EdgeKind.Authentication,
        EventKind.TokenUse => EdgeKind.CredentialUse,
        _ => e.IdentityKind != IdentityKind.Human && e.TokenId is not null ? EdgeKind.CredentialUse : EdgeKind.Access,
    };

    /// <summary>
    /// Adds what an access attempt (failed ones too: probing is movement) says: its identity, resource, device,
    /// address, group and the person an agent acts for, with the edges between them. An identity that carries taint
    /// passes it on to what it reaches now (the path as it happens). Returns the identity's node, or null when the
    /// event is not an access attempt.
    /// </summary>
    public GraphNode? Add(in TelemetryEvent e)
    {
        GraphNode? none = null;
        return Add(e, ref none);
    }

    /// <summary>
    /// <see cref="Add(in TelemetryEvent)"/> with the identity's node cached by the caller (on its identity state):
    /// a live node of this graph is used as it is, anything else is looked up, and the cache is set to the result.
    /// On a stream of known identities, devices and resources an event then costs no dictionary lookup at all: the
    /// edges already there carry their target nodes.
    /// </summary>
    public GraphNode? Add(in TelemetryEvent e, ref GraphNode? cached)
    {
        if (!e.IsAccessAttempt || string.IsNullOrEmpty(e.SubjectId))
        {
            return null;
        }

        long now = e.TimestampMs;
        Version++;
        SweepIdle(now);
        GraphNode identity;
        if (cached is { Removed: false } known && known.Owner == this)
        {
            identity = known;
            identity.LastSeenMs = Math.Max(identity.LastSeenMs, now);
        }
        else
        {
            identity = Upsert(IdentityKey(e.SubjectId), IdentityNodeKind(e.IdentityKind), e.SubjectId, now);
        }

        if (e.IdentityKind != IdentityKind.Human)
        {
            identity.Kind = IdentityNodeKind(e.IdentityKind); // a kind learned later wins, as in the identity's state
        }

        float carried = identity.TaintAt(now, TaintHalfLifeMs) * HopKeep;
        if (e.ResourceId is { Length: > 0 } resource)
        {
            Link(identity, ResourceKey(resource), ResourceNodeKind(e.ResourceType), resource, AccessEdgeKind(e), now, carried);
        }

        if (e.DeviceId is { Length: > 0 } device)
        {
            Link(identity, DeviceKey(device), NodeKind.Device, device, EdgeKind.UsesDevice, now, carried);
        }

        if (e.SourceIp is { } ip && AddressKey(ip) is not 0 and ulong address)
        {
            Link(identity, address, NodeKind.Address, ip, EdgeKind.UsesAddress, now, carried); // its text only if new
        }

        if ((e.PeerGroup ?? e.Group ?? e.Department) is { Length: > 0 } group)
        {
            Link(identity, GroupKey(group), NodeKind.Group, group, EdgeKind.MemberOf, now, 0);
        }

        if (e.Department is { Length: > 0 } department && department != (e.PeerGroup ?? e.Group))
        {
            // The department too: link plausibility asks whether anyone in it reaches a target (a peer group is narrower).
            Link(identity, GroupKey(department), NodeKind.Group, department, EdgeKind.MemberOf, now, 0);
        }

        if (e.IdentityKind == IdentityKind.Agent && e.OnBehalfOf is { Length: > 0 } person)
        {
            Link(identity, IdentityKey(person), NodeKind.Person, person, EdgeKind.Delegation, now, 0);
        }

        EvictOverCap();
        cached = identity.Removed ? null : identity; // removed only if the cap is smaller than one event's nodes
        return cached;
    }

    /// <summary>The node of <paramref name="key"/>, created with its kind and label (a string, or an address written out only now) when new.</summary>
    private GraphNode Upsert(ulong key, NodeKind kind, object label, long now)
    {
        ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_nodes, key, out bool exists);
        if (!exists)
        {
            string text = label as string ?? label.ToString() ?? "";
            slot = new GraphNode(key, kind, text.Length <= MaxLabel ? text : text[..MaxLabel]) { Owner = this };
        }

        slot!.LastSeenMs = Math.Max(slot.LastSeenMs, now);
        return slot;
    }

    /// <summary>
    /// Records an edge from <paramref name="from"/> to the node of <paramref name="key"/> (created when new). An edge
    /// already there reaches its target through the node it caches, with no lookup; its use count decays from a
    /// table, and not at all within the same millisecond.
    /// </summary>
    private void Link(GraphNode from, ulong key, NodeKind kind, object label, EdgeKind edgeKind, long now, float carried)
    {
        GraphNode to;
        int i = from.FindOut(key, edgeKind);
        if (i >= 0)
        {
            ref var edge = ref CollectionsMarshal.AsSpan(from.Out)[i];
            if (edge.Node is { Removed: false } target)
            {
                to = target;
                to.LastSeenMs = Math.Max(to.LastSeenMs, now);
            }
            else
            {
                // After a restore (not cached) or the target's eviction (an edge into it stays until its source drops it).
                to = Upsert(key, kind, label, now);
                edge.Node = to;
            }

            long age = now - edge.LastMs;
            edge.Weight = age <= 0 ? edge.Weight + 1 : (float)((edge.Weight * Halving(age, EdgeHalfLifeMs)) + 1);
            edge.LastMs = Math.Max(edge.LastMs, now);
        }
        else
        {
            to = Upsert(key, kind, label, now);
            if (from.Out.Count >= MaxDegree)
            {
                from.Out.RemoveAt(LeastRecentlyUsed(from.Out));
            }

            from.Out.Add(new GraphEdge { To = key, Kind = edgeKind, Weight = 1, FirstMs = now, LastMs = now, Node = to });
            if (!to.In.Contains(from.Key))
            {
                if (to.In.Count >= MaxDegree)
                {
                    to.In.RemoveAt(0);
                }

                to.In.Add(from.Key);
            }
        }

        if (carried >= TaintFloor && carried > to.TaintAt(now, TaintHalfLifeMs) && !to.IsIdentity)
        {
            // The tainted identity reaches it now: it carries the identity's taint one hop on, naming the path.
            SetTaint(to, carried, now, from, from.TaintPath + " → " + Describe(to));
        }
    }

    /// <summary>
    /// 0.5^(age / halfLife) from two 256-entry tables and a power of two, instead of <see cref="Math.Pow(double, double)"/>
    /// per edge: age in steps of halfLife / 65,536 (18 s at 14 days). The edge counts are kept for reports and the
    /// checkpoint; no score reads them, so the step changes no score.
    /// </summary>
    internal static double Halving(long age, double halfLifeMs)
    {
        if (age <= 0)
        {
            return 1;
        }

        double steps = age / halfLifeMs * 65_536.0;
        if (steps >= 64.0 * 65_536.0)
        {
            return 0; // 2^-64 of a count: nothing
        }

        long q = (long)steps;
        return Math.ScaleB(HalvingHigh[(int)((q >> 8) & 255)] * HalvingLow[(int)(q & 255)], -(int)(q >> 16));
    }

    private static readonly double[] HalvingHigh = [.. Enumerable.Range(0, 256).Select(k => Math.Pow(0.5, k / 256.0))];

    private static readonly double[] HalvingLow = [.. Enumerable.Range(0, 256).Select(k => Math.Pow(0.5, k / 65_536.0))];

    private static int LeastRecentlyUsed(List<GraphEdge> edges)
    {
        var span = CollectionsMarshal.AsSpan(edges);
        int best = 0;
        for (int i = 1; i < span.Length; i++)
        {
            if (span[i].LastMs < span[best].LastMs || (span[i].LastMs == span[best].LastMs && span[i].To < span[best].To))
            {
                best = i;
            }
        }

        return best;
    }

    /// <summary>
    /// Once a day of event time, drops nodes idle for longer than <see cref="IdleDays"/>. The sweep clock moves at most
    /// one day per sweep: one event stamped a year ahead (or in microseconds) must not age out everyone else's nodes.
    /// </summary>
    private void SweepIdle(long now)
    {
        long day = Math.DivRem(now, DayMs, out long rem) - (rem < 0 ? 1 : 0);
        if (day <= LastSweepDay)
        {
            return;
        }

        LastSweepDay = LastSweepDay == long.MinValue ? day : LastSweepDay + 1;
        RemoveIdle(((LastSweepDay + 1) * DayMs) - (IdleDays * DayMs));
    }

    /// <summary>Apart from <see cref="SweepIdle"/>: the lambda's captured cutoff would otherwise be allocated on every call, not only once a day.</summary>
    private void RemoveIdle(long cutoff) => Remove([.. _nodes.Values.Where(n => n.LastSeenMs < cutoff).OrderBy(n => n.Key)]);

    /// <summary>Past the node cap, the least recently seen eighth goes (ties by key), so eviction is rare and amortised.</summary>
    private void EvictOverCap()
    {
        if (_nodes.Count <= MaxNodes)
        {
            return;
        }

        int keep = MaxNodes - (MaxNodes / 8);
        var victims = _nodes.Values.OrderBy(n => n.LastSeenMs).ThenBy(n => n.Key).Take(_nodes.Count - keep).ToArray();
        Remove(victims);
    }

    private void Remove(GraphNode[] victims)
    {
        foreach (var node in victims)
        {
            _nodes.Remove(node.Key);
            node.Removed = true;
        }

        foreach (var node in victims)
        {
            // Edges into a gone node are dropped from the sources that still exist; its own edges go with it.
            foreach (ulong source in node.In)
            {
                if (_nodes.TryGetValue(source, out var s))
                {
                    s.Out.RemoveAll(edge => edge.To == node.Key);
                }
            }

            foreach (var edge in node.Out)
            {
                if (_nodes.TryGetValue(edge.To, out var target))
                {
                    target.In.Remove(node.Key);
                }
            }
        }

        Evicted += victims.Length;
    }

    /// <summary>How a node is named in a path: its kind, then its label.</summary>
    public static string Describe(GraphNode node) => node.Kind switch
    {
        NodeKind.Device => "device " + node.Label,
        NodeKind.Address => "address " + node.Label,
        NodeKind.Host => "host " + node.Label,
        NodeKind.Agent => "agent " + node.Label,
        NodeKind.Workload => "workload " + node.Label,
        NodeKind.Group => "group " + node.Label,
        _ => node.Label,
    };
}
