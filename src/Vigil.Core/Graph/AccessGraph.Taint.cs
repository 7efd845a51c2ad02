namespace Vigil.Core.Graph;

/// <summary>Risk propagation (issue 14, item 4): a risky event's taint flows along the graph's edges with decay per hop and over time.</summary>
internal sealed partial class AccessGraph
{
    /// <summary>Share of a node's taint that one hop passes on.</summary>
    public const float HopKeep = 0.5f;

    /// <summary>Taint below this is not passed on nor reported.</summary>
    public const float TaintFloor = 0.05f;

    /// <summary>Hops a risky event's taint travels at once from its identity (later accesses carry it further, one hop each).</summary>
    public const int MaxHops = 3;

    /// <summary>
    /// A device or address with more recorded identities than this is shared infrastructure (a NAT egress, a kiosk):
    /// sharing it says nothing about compromise, so taint does not cross it to other identities.
    /// </summary>
    public const int SharedLimit = 8;

    /// <summary>Nodes one risky event may taint: propagation is bounded whatever the graph's shape.</summary>
    public const int MaxTainted = 64;

    /// <summary>Only edges used within this window before the risky event carry its taint: what the identity uses now, not what it used last year.</summary>
    public const long RecentUseMs = DayMs;

    /// <summary>
    /// Taints <paramref name="origin"/> (an identity whose event was risky) with <paramref name="strength"/> and
    /// spreads it breadth first, halving per hop: to the devices, addresses, hosts and resources it used within a day,
    /// to the agents acting for it, from a device or address to the other identities using it (unless shared by many),
    /// and from a host reached to the same host acting as a source. A node keeps the strongest taint it is given.
    /// Returns the number of nodes tainted.
    /// </summary>
    public int Taint(GraphNode origin, float strength, long now)
    {
        if (!(strength >= TaintFloor) || strength <= origin.TaintAt(now, TaintHalfLifeMs))
        {
            return 0;
        }

        LastTaintMs = Math.Max(LastTaintMs, now);
        origin.Taint = Math.Min(1f, strength);
        origin.TaintMs = now;
        origin.TaintOrigin = origin.Key;
        origin.TaintOriginMs = now;
        origin.TaintHops = 0;
        origin.TaintPath = Describe(origin);
        int tainted = 1;
        var queue = new Queue<GraphNode>();
        queue.Enqueue(origin);
        while (queue.Count > 0 && tainted < MaxTainted)
        {
            var node = queue.Dequeue();
            float next = node.Taint * HopKeep;
            if (node.TaintHops >= MaxHops || next < TaintFloor)
            {
                continue;
            }

            foreach (var neighbour in Neighbours(node, now))
            {
                if (tainted >= MaxTainted)
                {
                    break;
                }

                if (next > neighbour.TaintAt(now, TaintHalfLifeMs))
                {
                    SetTaint(neighbour, next, now, node, node.TaintPath + " → " + Describe(neighbour));
                    tainted++;
                    queue.Enqueue(neighbour);
                }
            }
        }

        return tainted;
    }

    /// <summary>The nodes taint flows to from <paramref name="node"/>, in a fixed order (edges, then sources, as stored).</summary>
    private List<GraphNode> Neighbours(GraphNode node, long now)
    {
        var result = new List<GraphNode>();
        if (node.IsIdentity)
        {
            foreach (var edge in node.Out)
            {
                if (edge.Kind is not (EdgeKind.MemberOf or EdgeKind.Delegation) && edge.LastMs >= now - RecentUseMs && _nodes.TryGetValue(edge.To, out var target))
                {
                    result.Add(target);
                }
            }

            foreach (ulong source in node.In)
            {
                // The agents acting for this identity.
                if (_nodes.TryGetValue(source, out var agent) && agent.FindOut(node.Key, EdgeKind.Delegation) >= 0)
                {
                    result.Add(agent);
                }
            }
        }
        else if (node.Kind is NodeKind.Device or NodeKind.Address && node.In.Count <= SharedLimit)
        {
            var kind = node.Kind == NodeKind.Device ? EdgeKind.UsesDevice : EdgeKind.UsesAddress;
            foreach (ulong source in node.In)
            {
                if (_nodes.TryGetValue(source, out var identity) && identity.FindOut(node.Key, kind) is int i and >= 0
                    && identity.Out[i].LastMs >= now - RecentUseMs)
                {
                    result.Add(identity);
                }
            }
        }
        else if (node.Kind is NodeKind.Host or NodeKind.Resource && _nodes.TryGetValue(IdentityKey(node.Label), out var acting))
        {
            // A host reached that then acts as a source (host-to-host events, edge streams): the next hop of the chain.
            result.Add(acting);
        }

        return result;
    }

    /// <summary>Event time of the newest taint set anywhere in the graph (derived state: rebuilt from the nodes on restore).</summary>
    public long LastTaintMs { get; private set; } = long.MinValue;

    /// <summary>
    /// Whether any node can still carry taint at <paramref name="now"/>: taint is at most 1 and is ignored below
    /// <see cref="TaintFloor"/> (0.05), so five half-lives after the newest one (1/32) nothing is left. Lets the
    /// detector skip its lookups on the quiet stream that most events are.
    /// </summary>
    public bool MayBeTainted(long now) => LastTaintMs != long.MinValue && now - LastTaintMs < 5 * TaintHalfLifeMs;

    private void SetTaint(GraphNode node, float strength, long now, GraphNode from, string path)
    {
        LastTaintMs = Math.Max(LastTaintMs, now);
        node.Taint = strength;
        node.TaintMs = now;
        node.TaintOrigin = from.TaintOrigin;
        node.TaintOriginMs = from.TaintOriginMs;
        node.TaintHops = (byte)Math.Min(255, from.TaintHops + 1);
        node.TaintPath = path.Length <= MaxPath ? path : "…" + path[^(MaxPath - 1)..];
    }

    /// <summary>Longest path text kept (the end of a longer one: the hops nearest the node matter most).</summary>
    public const int MaxPath = 512;
}
