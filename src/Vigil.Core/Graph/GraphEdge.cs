namespace Vigil.Core.Graph;

/// <summary>
/// One edge out of a node: its target, kind, a use count decayed with the graph's edge half-life (as of
/// <see cref="LastMs"/>) and when it was first and last used.
/// </summary>
internal struct GraphEdge
{
    public ulong To;
    public EdgeKind Kind;
    public float Weight;
    public long FirstMs;
    public long LastMs;

    /// <summary>
    /// The target node, cached so an edge already there costs no dictionary lookup (derived: not checkpointed, null
    /// after a restore; an evicted target is <see cref="GraphNode.Removed"/> and is looked up again).
    /// </summary>
    public GraphNode? Node;
}
