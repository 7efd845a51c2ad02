using Vigil.Core.Detection;
using Vigil.Core.Scoring;

namespace Vigil.Core.Language;

/// <summary>
/// Text novelty: an API route, a command or a tool call unlike anything this identity and its peers use, by meaning
/// rather than by exact string (a new ticket id is not new; "dump the users table" is). Judged only once the identity
/// has <see cref="MinimumHistory"/> texts behind it.
/// </summary>
internal sealed class TextNoveltyDetector : IDetector
{
    /// <summary>Texts learned before novelty is judged.</summary>
    internal const int MinimumHistory = 20;

    /// <summary>Below this similarity to every centroid of the identity and its peers, a text is novel.</summary>
    internal const double NovelBelow = 0.35;

    private const float Weight = 0.5f;

    public void Detect(in DetectionContext c, ref FactorList factors)
    {
        if (c.Text.ActivityVector is not { } vector || c.Identity.Text is not { } own || own.Observations < MinimumHistory)
        {
            return;
        }

        double ownSimilarity = own.Similarity(vector);
        if (ownSimilarity >= NovelBelow)
        {
            // Known to the identity itself: the peers (up to 64 centroids, under their lock) cannot change the answer.
            return;
        }

        double peerSimilarity;
        lock (c.Peer.Gate)
        {
            peerSimilarity = c.Peer.Text?.Similarity(vector) ?? -1;
        }

        double best = Math.Max(ownSimilarity, peerSimilarity);
        if (best >= NovelBelow)
        {
            return;
        }

        // 0.35 -> 0, 0.05 and below -> 1: unrelated texts sit near 0 on MiniLM.
        float strength = (float)Math.Clamp((NovelBelow - best) / 0.3, 0, 1);
        factors.Add(new RiskFactor(ReasonCode.TextNovel, strength, Weight, ownSimilarity, Math.Max(0, peerSimilarity), EventText.ActivityOf(c.Event)));
    }
}
