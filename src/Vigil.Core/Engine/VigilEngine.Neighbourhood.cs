using Vigil.Core.Graph;

namespace Vigil.Core.Engine;

/// <summary>An identity's neighbourhood in the typed access graph, for the analyst console's identity page (issue 17).</summary>
public sealed partial class VigilEngine
{
    /// <summary>Nodes returned at most, whatever the caller asks: the page stays readable and the lock short.</summary>
    public const int MaxNeighbours = 200;

    /// <summary>
    /// The nodes within two hops of <paramref name="identityId"/> in its tenant's access graph: what it used (devices,
    /// addresses, hosts, resources, groups), the agents acting for it, and at the second hop what those link to (other
    /// identities on the same device or address, the identities an agent also acts for). A group's members are not
    /// expanded: a group links everyone in it, which says nothing about this identity. At most
    /// <paramref name="maxNodes"/> (capped at <see cref="MaxNeighbours"/>) nodes, the rest counted; null when the graph
    /// holds no node for the identity. Reads under the graph's lock and learns nothing.
    /// </summary>
    public GraphNeighbourhood? Neighbourhood(string identityId, string? tenant, long nowMs, int maxNodes)
    {
        ArgumentNullException.ThrowIfNull(identityId);
        maxNodes = Math.Clamp(maxNodes, 0, MaxNeighbours);
        TenantState? state;
        lock (_tenants)
        {
            _tenants.TryGetValue(tenant ?? Options.DefaultTenant, out state);
        }

        if (state is null)
        {
            return null;
        }

        lock (state.GraphGate)
        {
            var graph = state.AccessGraph;
            if (graph.Find(AccessGraph.IdentityKey(identityId)) is not { IsIdentity: true } origin)
            {
                return null;
            }

            var seen = new HashSet<ulong> { origin.Key };
            var nodes = new List<GraphNeighbour>();
            int omitted = 0;
            List<GraphNode> frontier = [origin];
            for (int hop = 1; hop <= 2; hop++)
            {
                var next = new List<GraphNode>();
                foreach (var node in frontier)
                {
                    foreach (var (kind, neighbour, outward, lastMs) in Links(graph, node))
                    {
                        if (!seen.Add(neighbour.Key))
                        {
                            continue;
                        }

                        if (nodes.Count >= maxNodes)
                        {
                            omitted++;
                            continue;
                        }

                        float taint = neighbour.TaintAt(nowMs, graph.TaintHalfLifeMs);
                        nodes.Add(new GraphNeighbour(KindName(neighbour.Kind), neighbour.Label, hop, hop == 1 ? null : AccessGraph.Describe(node), EdgeName(kind, outward), outward,
                            taint >= AccessGraph.TaintFloor ? taint : 0f, lastMs));
                        if (neighbour.Kind != NodeKind.Group)
                        {
                            next.Add(neighbour);
                        }
                    }
                }

                frontier = next;
            }

            float own = origin.TaintAt(nowMs, graph.TaintHalfLifeMs);
            return new GraphNeighbourhood(KindName(origin.Kind), own >= AccessGraph.TaintFloor ? own : 0f, nodes, omitted);
        }
    }

    /// <summary>A node's links both ways: its edges out (what it used), then the nodes with an edge into it, as stored.</summary>
    private static IEnumerable<(EdgeKind Kind, GraphNode Node, bool Outward, long LastMs)> Links(AccessGraph graph, GraphNode node)
    {
        foreach (var edge in node.Out)
        {
            if (graph.Find(edge.To) is { } target)
            {
                yield return (edge.Kind, target, true, edge.LastMs);
            }
        }

        foreach (ulong key in node.In)
        {
            if (graph.Find(key) is not { } source)
            {
                continue;
            }

            foreach (var edge in source.Out)
            {
                if (edge.To == node.Key)
                {
                    yield return (edge.Kind, source, false, edge.LastMs);
                    break;
                }
            }
        }
    }

    private static string KindName(NodeKind kind) => kind switch
    {
        NodeKind.Person => "person",
        NodeKind.Workload => "workload",
        NodeKind.Agent => "agent",
        NodeKind.Device => "device",
        NodeKind.Address => "address",
        NodeKind.Host => "host",
        NodeKind.Group => "group",
        _ => "resource",
    };

    private static string EdgeName(EdgeKind kind, bool outward) => kind switch
    {
        EdgeKind.Authentication => outward ? "signed in to" : "also signed in to it",
        EdgeKind.Access => outward ? "accessed" : "also accessed it",
        EdgeKind.CredentialUse => outward ? "presented a credential to" : "also presented a credential to it",
        EdgeKind.Delegation => outward ? "acts for" : "acts for it",
        EdgeKind.UsesDevice => outward ? "used device" : "also used it",
        EdgeKind.UsesAddress => outward ? "came from" : "also came from it",
        _ => outward ? "member of" : "also a member",
    };
}
