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
        if (!e.IsAccessAttempt || string.IsNullOrEmpty(e.SubjectId))
        {
            return null;
        }

        long now = e.TimestampMs;
        SweepIdle(now);
        var identity = Upsert(IdentityKey(e.SubjectId), IdentityNodeKind(e.IdentityKind), e.SubjectId, now);
        if (e.IdentityKind != IdentityKind.Human)
        {
            identity.Kind = IdentityNodeKind(e.IdentityKind); // a kind learned later wins, as in the identity's state
        }

        float carried = identity.TaintAt(now, TaintHalfLifeMs) * HopKeep;
        if (e.ResourceId is { Length: > 0 } resource)
        {
            var node = Upsert(ResourceKey(resource), ResourceNodeKind(e.ResourceType), resource, now);
            Connect(identity, node, AccessEdgeKind(e), now, carried);
        }

        if (e.DeviceId is { Length: > 0 } device)
        {
            Connect(identity, Upsert(DeviceKey(device), NodeKind.Device, device, now), EdgeKind.UsesDevice, now, carried);
        }

        if (e.SourceIp is { } ip && AddressKey(ip) is not 0 and ulong address)
        {
            var node = _nodes.GetValueOrDefault(address) ?? Upsert(address, NodeKind.Address, ip.ToString(), now);
            node.LastSeenMs = Math.Max(node.LastSeenMs, now);
            Connect(identity, node, EdgeKind.UsesAddress, now, carried);
        }

        if ((e.PeerGroup ?? e.Group ?? e.Department) is { Length: > 0 } group)
        {
            Connect(identity, Upsert(GroupKey(group), NodeKind.Group, group, now), EdgeKind.MemberOf, now, 0);
        }

        if (e.IdentityKind == IdentityKind.Agent && e.OnBehalfOf is { Length: > 0 } person)
        {
            Connect(identity, Upsert(IdentityKey(person), NodeKind.Person, person, now), EdgeKind.Delegation, now, 0);
        }

        EvictOverCap();
        return _nodes.GetValueOrDefault(identity.Key); // null only if the cap is smaller than one event's nodes
    }

    private GraphNode Upsert(ulong key, NodeKind kind, string label, long now)
    {
        ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_nodes, key, out bool exists);
        if (!exists)
        {
            slot = new GraphNode(key, kind, label.Length <= MaxLabel ? label : label[..MaxLabel]);
        }

        slot!.LastSeenMs = Math.Max(slot.LastSeenMs, now);
        return slot;
    }

    private void Connect(GraphNode from, GraphNode to, EdgeKind kind, long now, float carried)
    {
        int i = from.FindOut(to.Key, kind);
        if (i >= 0)
        {
            ref var edge = ref CollectionsMarshal.AsSpan(from.Out)[i];
            double age = Math.Max(0, now - edge.LastMs);
            edge.Weight = (float)((edge.Weight * Math.Pow(0.5, age / EdgeHalfLifeMs)) + 1);
            edge.LastMs = Math.Max(edge.LastMs, now);
        }
        else
        {
            if (from.Out.Count >= MaxDegree)
            {
                from.Out.RemoveAt(LeastRecentlyUsed(from.Out));
            }

            from.Out.Add(new GraphEdge { To = to.Key, Kind = kind, Weight = 1, FirstMs = now, LastMs = now });
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
        long cutoff = ((LastSweepDay + 1) * DayMs) - (IdleDays * DayMs);
        var idle = _nodes.Values.Where(n => n.LastSeenMs < cutoff).OrderBy(n => n.Key).ToArray();
        Remove(idle);
    }

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
