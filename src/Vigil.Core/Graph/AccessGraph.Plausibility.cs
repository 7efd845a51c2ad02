namespace Vigil.Core.Graph;

/// <summary>Link plausibility (issue 14, item 3): whether a new edge fits the identity's neighbourhood in the graph.</summary>
internal sealed partial class AccessGraph
{
    /// <summary>A group with fewer recorded members than this says nothing about what its members reach.</summary>
    public const int MinGroupMembers = 3;

    /// <summary>How long an identity must have been a member of its group before its new links are judged against it.</summary>
    public const long SettledMs = DayMs;

    /// <summary>
    /// How plausible the edge <paramref name="identity"/> -> <paramref name="targetKey"/> is, read from the graph as
    /// it stands: plausible when the identity already reaches the target, when it has not been a member of
    /// <paramref name="groupKey"/> for a day, when that group has fewer than three recorded members, or when the
    /// target's recorded sources (its most recent new ones, up to the degree cap) include a member of the group.
    /// Otherwise implausible, with the number of other identities that reach the target (0: nobody reached it before).
    /// Reads at most one node per recorded source of the target (the degree cap, 64 by default) and allocates nothing.
    /// </summary>
    public LinkPlausibility Plausibility(GraphNode? identity, ulong targetKey, ulong groupKey, long now)
    {
        if (identity is null || groupKey == 0 || identity.Reaches(targetKey))
        {
            return LinkPlausibility.Plausible;
        }

        int membership = identity.FindOut(groupKey, EdgeKind.MemberOf);
        if (membership < 0 || identity.Out[membership].FirstMs > now - SettledMs
            || !_nodes.TryGetValue(groupKey, out var group) || group.In.Count < MinGroupMembers)
        {
            return LinkPlausibility.Plausible;
        }

        var target = _nodes.GetValueOrDefault(targetKey);
        if (target is null || target.In.Count == 0)
        {
            return new LinkPlausibility(true, 0);
        }

        int others = 0;
        foreach (ulong source in target.In)
        {
            if (source == identity.Key || !_nodes.TryGetValue(source, out var node))
            {
                continue;
            }

            if (node.FindOut(groupKey, EdgeKind.MemberOf) >= 0)
            {
                return LinkPlausibility.Plausible; // a peer reaches it
            }

            others++;
        }

        return new LinkPlausibility(true, others);
    }

    /// <summary>The live node <paramref name="cached"/> holds when it is one of this graph's, else the node of <paramref name="key"/> (null when none).</summary>
    public GraphNode? Resolve(GraphNode? cached, ulong key) =>
        cached is { Removed: false } known && known.Owner == this ? known : _nodes.GetValueOrDefault(key);
}
