using Vigil.Core.Detection;
using Vigil.Core.Scoring;

namespace Vigil.Core.Graph;

/// <summary>
/// Risk along the access graph's paths (issue 14, item 4): an access that touches a node tainted by another
/// identity's risky event (its device, address or resource, or the identity itself reached through a shared device or
/// a delegation), or a new path taken by an identity after its own risky event (the hosts a foothold reaches next),
/// becomes a factor whose sentence names the path from the risky identity and the minutes since its risky event.
/// </summary>
internal sealed class RiskPathDetector : IDetector
{
    private const float Weight = 0.6f;

    /// <summary>
    /// Taint weaker than this is not reported (a hold-out-score event two hops away, or one hop after two half-lives):
    /// the path is kept for later hops, but alone it is too faint to be a reason.
    /// </summary>
    internal const float ReportFloor = 0.15f;

    public void Detect(in DetectionContext c, ref FactorList factors)
    {
        ref readonly var e = ref c.Event;
        if (!e.IsAccessAttempt || string.IsNullOrEmpty(e.SubjectId))
        {
            return;
        }

        var graph = c.Tenant.AccessGraph;
        long now = e.TimestampMs;
        GraphNode? best = null;
        float strength = 0;
        bool newPath = false;
        lock (c.Tenant.GraphGate)
        {
            if (!graph.MayBeTainted(now))
            {
                return; // no risky event within five half-lives: nothing to look up
            }

            long halfLife = graph.TaintHalfLifeMs;
            ulong self = AccessGraph.IdentityKey(e.SubjectId);
            var identity = graph.Find(self);
            ulong resource = e.ResourceId is { Length: > 0 } r ? AccessGraph.ResourceKey(r) : 0;
            if (identity is not null && identity.TaintAt(now, halfLife) is float t && t >= AccessGraph.TaintFloor)
            {
                if (identity.TaintOrigin != self)
                {
                    Consider(identity, t, ref best, ref strength);
                }
                else if (resource != 0 && !identity.Reaches(resource) && t * AccessGraph.HopKeep > strength)
                {
                    // Its own risky event, then a path it never took: the next hop of a foothold.
                    best = identity;
                    strength = t * AccessGraph.HopKeep;
                    newPath = true;
                }
            }

            ConsiderOther(graph.Find(resource), self, now, halfLife, ref best, ref strength, ref newPath);
            ConsiderOther(e.DeviceId is { Length: > 0 } d ? graph.Find(AccessGraph.DeviceKey(d)) : null, self, now, halfLife, ref best, ref strength, ref newPath);
            ConsiderOther(e.SourceIp is { } ip ? graph.Find(AccessGraph.AddressKey(ip)) : null, self, now, halfLife, ref best, ref strength, ref newPath);
            if (best is null || strength < ReportFloor)
            {
                return;
            }

            // The sentence is built only when the factor fires: scoring a quiet event allocates nothing here.
            string path = newPath
                ? best.TaintPath + " → " + (AccessGraph.ResourceNodeKind(e.ResourceType) == NodeKind.Host ? "host " : "") + Cut(e.ResourceId!)
                : best.TaintPath ?? AccessGraph.Describe(best);
            double minutes = Math.Max(0, now - best.TaintOriginMs) / 60_000.0;
            factors.Add(new RiskFactor(ReasonCode.GraphRiskPath, Math.Min(1f, strength), Weight, minutes, best.TaintHops + (newPath ? 1 : 0), path));
        }
    }

    private static string Cut(string label) => label.Length <= AccessGraph.MaxLabel ? label : label[..AccessGraph.MaxLabel];

    private static void ConsiderOther(GraphNode? node, ulong self, long now, long halfLife, ref GraphNode? best, ref float strength, ref bool newPath)
    {
        // Taint the identity itself left counts only as a new path (above): its own device and usual hosts are no news.
        // A node many identities use (a corporate egress, a team share, the mail server) is no path between two of
        // them: touching it after a risky event elsewhere says nothing about this identity.
        if (node is not null && node.TaintOrigin != self && node.In.Count <= AccessGraph.SharedLimit && node.TaintAt(now, halfLife) is float t && t > strength)
        {
            best = node;
            strength = t;
            newPath = false;
        }
    }

    private static void Consider(GraphNode node, float taint, ref GraphNode? best, ref float strength)
    {
        if (taint > strength)
        {
            best = node;
            strength = taint;
        }
    }

    /// <summary>
    /// Adds the event to the tenant's access graph and, when it scored at least the hold-out score (too risky to
    /// learn), taints its identity with the score as strength and spreads it (the engine calls it only when it learns).
    /// </summary>
    public static void Learn(in DetectionContext c, int score)
    {
        lock (c.Tenant.GraphGate)
        {
            var identity = c.Tenant.AccessGraph.Add(c.Event, ref c.Identity.GraphNode);
            if (identity is not null && score >= c.Options.HoldOutScore)
            {
                c.Tenant.AccessGraph.Taint(identity, score / 100f, c.Event.TimestampMs);
            }
        }
    }
}
