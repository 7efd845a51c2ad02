namespace Vigil.Core.Graph;

/// <summary>
/// The MIDAS-R chi-squared scores of one edge (Bhatia et al., AAAI 2020, eq. 4 and section 5): of the edge itself, of
/// its source node and of its destination node, each with the decayed current count and the long-run mean per tick it
/// was compared with, so a reason can say "12 in the last minutes against 0.3 per minute".
/// </summary>
internal readonly record struct EdgeScore(
    double Edge, float EdgeCurrent, float EdgeMean,
    double Source, float SourceCurrent, float SourceMean,
    double Destination, float DestinationCurrent, float DestinationMean)
{
    /// <summary>The largest current count the edge reached on earlier days (decayed over a week): not part of MIDAS-R.</summary>
    public float EdgePeak { get; init; }

    /// <summary>The largest current count the source reached on earlier days (decayed over a week): not part of MIDAS-R.</summary>
    public float SourcePeak { get; init; }

    /// <summary>The largest current count the destination reached on earlier days (decayed over a week): not part of MIDAS-R.</summary>
    public float DestinationPeak { get; init; }

    /// <summary>The MIDAS-R score: the largest of the three.</summary>
    public double Max => Math.Max(Edge, Math.Max(Source, Destination));
}
