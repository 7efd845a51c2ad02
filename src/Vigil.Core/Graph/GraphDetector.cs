using Vigil.Core.Baselines;
using Vigil.Core.Detection;
using Vigil.Core.Scoring;
using Vigil.Core.Statistics;
using Vigil.Core.Telemetry;

namespace Vigil.Core.Graph;

/// <summary>
/// The graph family: each access is an edge from the identity to the resource (a host, an application, a data
/// store), scored by MIDAS-R (Bhatia et al., AAAI 2020) against the tenant's sketches before it is counted. A burst
/// on the edge (the same identity hammering one host), on the source (an identity suddenly reaching far more than
/// it does per minute: fan-out, lateral movement from a foothold) or on the destination (many identities converging
/// on one host: staging, a flood) becomes a factor naming which, with the counts.
/// </summary>
internal sealed class GraphDetector : IDetector
{
    /// <summary>
    /// Chi-squared below this says nothing: MIDAS scores are unbounded and a first edge late in the stream scores t - 1
    /// on its own (ticks since the start), so the gates on current counts below keep novelty alone from firing.
    /// </summary>
    internal const double ScoreFloor = 50;

    /// <summary>Decades of score above the floor that take the strength from 0 to 1 (50 -> 0, 5,000 -> 0.5, 500,000 -> 1).</summary>
    private const double Decades = 4;

    /// <summary>A burst is several edges inside the decay window (about two ticks at decay 0.5), not one new edge.</summary>
    internal const float MinimumEdgeBurst = 3;

    /// <summary>An endpoint burst needs more than a handful of edges in the window.</summary>
    internal const float MinimumNodeBurst = 6;

    private const float Weight = 0.6f;

    public void Detect(in DetectionContext c, ref FactorList factors)
    {
        ref readonly var e = ref c.Event;
        if (!TryKeys(e, c.Features, out ulong source, out ulong destination))
        {
            return;
        }

        EdgeScore s;
        lock (c.Tenant.GraphGate)
        {
            s = c.Tenant.Graph.Score(source, destination, e.TimestampMs);
        }

        // One factor, the strongest of the three: they are views of the same burst, not independent evidence.
        double keep = 1 - c.Options.GraphDecay;
        double edge = Burst(s.EdgeCurrent, s.EdgeMean, s.EdgePeak, keep, MinimumEdgeBurst) ? s.Edge : 0;
        double src = Burst(s.SourceCurrent, s.SourceMean, s.SourcePeak, keep, MinimumNodeBurst) ? s.Source : 0;
        double dst = Burst(s.DestinationCurrent, s.DestinationMean, s.DestinationPeak, keep, MinimumNodeBurst) ? s.Destination : 0;
        double best = Math.Max(edge, Math.Max(src, dst));
        float strength = Strength(best);
        if (strength <= 0)
        {
            return;
        }

        var factor = best == src ? new RiskFactor(ReasonCode.GraphSourceBurst, strength, Weight, s.SourceCurrent, s.SourceMean)
            : best == edge ? new RiskFactor(ReasonCode.GraphEdgeBurst, strength, Weight, s.EdgeCurrent, s.EdgeMean, e.ResourceId)
            : new RiskFactor(ReasonCode.GraphDestinationBurst, strength, Weight, s.DestinationCurrent, s.DestinationMean, e.ResourceId);
        factors.Add(factor);
    }

    /// <summary>
    /// Whether a current count is a burst: enough edges in the window, and many times what the long-run rate keeps in
    /// it. MIDAS-R compares the decayed current count with the undecayed mean per tick, so a steady source of r edges a
    /// tick holds r / (1 - decay) and scores about r: every busy workload would look like a burst. Dividing the mean
    /// by <paramref name="keep"/> (1 - decay) gives the steady state the current count is compared with here. It must
    /// also pass the key's own past peaks: a nightly batch's burst is its habit, a foothold's sweep is not. A key
    /// with no earlier day (a new identity, a new edge, a new resource) has no rate to burst from: its first day is
    /// learned, not judged here (novelty is the other detectors' evidence), which keeps every workload's first
    /// nightly batch out of the factors.
    /// </summary>
    internal static bool Burst(float current, float mean, float peak, double keep, float minimum) =>
        peak > 0 && current >= minimum && current >= MinimumRatio * mean / keep && current >= PeakFactor * peak;

    /// <summary>How many times its own decayed past peak a current count must be.</summary>
    internal const float PeakFactor = 2;

    /// <summary>How many times its steady-state count a current count must be to be a burst.</summary>
    internal const double MinimumRatio = 8;

    /// <summary>Counts the event's edge in the tenant's sketches (after scoring; the engine calls it only when it learns).</summary>
    public static void Learn(in DetectionContext c)
    {
        ref readonly var e = ref c.Event;
        if (!TryKeys(e, c.Features, out ulong source, out ulong destination))
        {
            return;
        }

        lock (c.Tenant.GraphGate)
        {
            c.Tenant.Graph.Add(source, destination, e.TimestampMs);
        }
    }

    /// <summary>The score mapped to a factor strength in 0..1: log-scaled, as the chi-squared statistic grows with the square of a burst.</summary>
    internal static float Strength(double score) =>
        !(score > ScoreFloor) ? 0f : (float)Math.Min(1.0, Math.Log10(score / ScoreFloor) / Decades);

    /// <summary>
    /// The edge of an access: identity -> resource. Sign-ins, token use, resource access and API calls with a resource
    /// are edges, failed ones too (lateral movement probes); an event without a resource is not.
    /// </summary>
    internal static bool TryKeys(in TelemetryEvent e, in FeatureHashes features, out ulong source, out ulong destination)
    {
        destination = features.Of(Feature.Resource);
        if (!e.IsAccessAttempt || destination == 0 || e.SubjectId is null)
        {
            source = 0;
            return false;
        }

        source = StableHash.Of(e.SubjectId.AsSpan());
        return true;
    }
}
