namespace Vigil.Core.Feedback;

/// <summary>What applying feedback changed.</summary>
/// <param name="Applied">False when the identity is unknown.</param>
/// <param name="ObservationsLearned">Held observations released into the baseline.</param>
/// <param name="ObservationsDiscarded">Held observations dropped for good.</param>
/// <param name="SessionsRevoked">Sessions marked revoked.</param>
/// <param name="IdentityRisk">The identity's accumulated risk afterwards, 0..1.</param>
public readonly record struct FeedbackResult(bool Applied, int ObservationsLearned, int ObservationsDiscarded, int SessionsRevoked, float IdentityRisk)
{
    /// <summary>Features of a confirmed-safe alert's pattern taught to the identity (and, past the group rule, to its peers and tenant).</summary>
    public int PatternsLearned { get; init; }

    /// <summary>Features of the pattern that this confirmation made normal for the peer group and tenant (the group rule: docs/alerts.md).</summary>
    public int GroupPatternsLearned { get; init; }

    /// <summary>Whether the alert was an impossible travel whose two networks became a known pair for the identity (docs/alerts.md).</summary>
    public bool TravelPairLearned { get; init; }
}
