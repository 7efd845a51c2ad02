namespace Vigil.Lab.Evaluation;

/// <summary>One arm's numbers over the last third of the stream (<see cref="FeedbackReplayResult.Summarise"/>).</summary>
/// <param name="Arm">The arm.</param>
/// <param name="Threshold">The probability threshold at equal detection.</param>
/// <param name="Detection">Detection of the last third's attack events at that threshold.</param>
/// <param name="FalseChallenges">Benign events of the last third at or above that threshold.</param>
/// <param name="UnderCompromise">Of <paramref name="FalseChallenges"/>, those of identities under a confirmed compromise not yet remediated.</param>
/// <param name="Benign">Benign scored events of the last third.</param>
/// <param name="PolicyFalseChallenges">Benign events of the last third the policy challenged.</param>
/// <param name="PolicyDetection">Attack events of the last third the policy challenged, as a share.</param>
/// <param name="ByType">Per attack type over the last third: events, detected at the threshold, challenged by the policy.</param>
public sealed record FeedbackArmSummary(FeedbackArm Arm, double Threshold, double Detection, long FalseChallenges, long UnderCompromise, long Benign, long PolicyFalseChallenges, double PolicyDetection,
    IReadOnlyDictionary<string, (int Events, int Detected, int Challenged)> ByType);
