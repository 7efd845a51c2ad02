using Vigil.Core.Detection;
using Vigil.Core.Scoring;

namespace Vigil.Core.Graph;

/// <summary>
/// Link plausibility (issue 14, item 3; VG1705): an identity's first access to a host or resource that no identity
/// of its group reaches, although others do ("first access to host db-7; no identity in finance reaches it"), or that
/// no identity reached before. The peer co-access test of Bowman et al. (RAID 2020) in its simplest form: a new
/// authentication edge is judged by whether the identity's neighbourhood already has it. Read from the access graph
/// as it stands (nothing is trained), once per (identity, target) and graph version (<see cref="LinkMemo"/>).
/// </summary>
internal sealed class LinkPlausibilityDetector : IDetector
{
    private const float Weight = 0.6f;

    /// <summary>Others reach the target, nobody of the identity's group does: a link outside its neighbourhood.</summary>
    internal const float ForeignStrength = 0.6f;

    /// <summary>Nobody reached the target before: weaker, a new resource is often just new.</summary>
    internal const float UnreachedStrength = 0.3f;

    public void Detect(in DetectionContext c, ref FactorList factors)
    {
        // Judged against the department when there is one: a peer group (a role in it) is too narrow, its members
        // reach a fraction of what their colleagues reach, and lateral movement crosses departments.
        ref readonly var e = ref c.Event;
        if (!c.Options.GraphLinkPlausibility || !e.IsAccessAttempt || string.IsNullOrEmpty(e.SubjectId)
            || e.ResourceId is not { Length: > 0 } resource || (e.Department ?? e.PeerGroup ?? e.Group) is not { Length: > 0 } group)
        {
            return;
        }

        ulong target = AccessGraph.ResourceKey(resource);
        LinkPlausibility p;
        lock (c.Tenant.GraphGate)
        {
            var graph = c.Tenant.AccessGraph;
            ref var memo = ref c.Identity.LinkMemo;
            if (memo.Graph == graph && memo.Version == graph.Version && memo.Target == target)
            {
                p = memo.Result;
            }
            else
            {
                var identity = graph.Resolve(c.Identity.GraphNode, AccessGraph.IdentityKey(e.SubjectId));
                p = graph.Plausibility(identity, target, AccessGraph.GroupKey(group), e.TimestampMs);
                memo = new LinkMemo { Graph = graph, Version = graph.Version, Target = target, Result = p };
            }
        }

        if (!p.Implausible)
        {
            return;
        }

        // The sentence is built only when the factor fires.
        string name = (AccessGraph.ResourceNodeKind(e.ResourceType) == NodeKind.Host ? "host " : "") + Cut(resource);
        string text = p.Others > 0 ? name + "; no identity in " + Cut(group) + " reaches it" : name + ", which no identity reached before";
        factors.Add(new RiskFactor(ReasonCode.GraphImplausibleLink, p.Others > 0 ? ForeignStrength : UnreachedStrength, Weight, p.Others, 0, text));
    }

    private static string Cut(string label) => label.Length <= AccessGraph.MaxLabel ? label : label[..AccessGraph.MaxLabel];
}
