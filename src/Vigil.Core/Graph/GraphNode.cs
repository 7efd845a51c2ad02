namespace Vigil.Core.Graph;

/// <summary>
/// A node of the access graph: what it is, a bounded label for sentences, when it was last seen, its edges out (at most
/// the graph's degree cap, the least recently used dropped first), the sources of its most recent new edges in, and
/// the taint it carries from a risky event (strength at <see cref="TaintMs"/>, halving every taint half-life).
/// </summary>
internal sealed class GraphNode(ulong key, NodeKind kind, string label)
{
    public ulong Key { get; } = key;

    public NodeKind Kind { get; set; } = kind;

    public string Label { get; } = label;

    public long LastSeenMs { get; set; }

    public List<GraphEdge> Out { get; } = [];

    /// <summary>Sources of edges into this node, oldest first; only the most recent new ones are kept (the degree cap).</summary>
    public List<ulong> In { get; } = [];

    public float Taint { get; set; }

    /// <summary>When <see cref="Taint"/> was set: it decays from here.</summary>
    public long TaintMs { get; set; }

    /// <summary>The risky event the taint comes from: its identity node and time.</summary>
    public ulong TaintOrigin { get; set; }

    public long TaintOriginMs { get; set; }

    /// <summary>Hops from the origin identity (0: the origin itself).</summary>
    public byte TaintHops { get; set; }

    /// <summary>The path the taint took, origin first, for the reason's sentence (built when the taint is set, never when scoring).</summary>
    public string? TaintPath { get; set; }

    /// <summary>Set when the graph drops the node (eviction, idleness): a cached reference to it is stale.</summary>
    public bool Removed { get; set; }

    /// <summary>The graph the node belongs to: a cached reference from before a restore belongs to another one.</summary>
    public AccessGraph? Owner { get; set; }

    public bool IsIdentity => Kind is NodeKind.Person or NodeKind.Workload or NodeKind.Agent;

    /// <summary>The taint left at <paramref name="nowMs"/>, halving every <paramref name="halfLifeMs"/>.</summary>
    public float TaintAt(long nowMs, long halfLifeMs) =>
        Taint <= 0 ? 0 : (float)(Taint * Math.Pow(0.5, Math.Max(0, nowMs - TaintMs) / (double)halfLifeMs));

    /// <summary>The index of the edge to <paramref name="to"/> of <paramref name="kind"/>, or -1.</summary>
    public int FindOut(ulong to, EdgeKind kind)
    {
        var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(Out);
        for (int i = 0; i < span.Length; i++)
        {
            if (span[i].To == to && span[i].Kind == kind)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Whether any edge goes to <paramref name="to"/>.</summary>
    public bool Reaches(ulong to)
    {
        foreach (ref readonly var edge in System.Runtime.InteropServices.CollectionsMarshal.AsSpan(Out))
        {
            if (edge.To == to)
            {
                return true;
            }
        }

        return false;
    }
}
