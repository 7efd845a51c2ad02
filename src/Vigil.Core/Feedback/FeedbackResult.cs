namespace Vigil.Core.Feedback;

/// <summary>What applying feedback changed.</summary>
/// <param name="Applied">False when the identity is unknown.</param>
/// <param name="ObservationsLearned">Held observations released into the baseline.</param>
/// <param name="ObservationsDiscarded">Held observations dropped for good.</param>
/// <param name="SessionsRevoked">Sessions marked revoked.</param>
/// <param name="IdentityRisk">The identity's accumulated risk afterwards, 0..1.</param>
public readonly record struct FeedbackResult(bool Applied, int ObservationsLearned, int ObservationsDiscarded, int SessionsRevoked, float IdentityRisk);
