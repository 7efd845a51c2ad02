namespace Vigil.Lab.Evaluation;

/// <summary>One scored attack event of one arm (attack events are few: kept one by one).</summary>
/// <param name="Day">Its day's index in the stream (0 = the first).</param>
/// <param name="AttackType">The stream's label.</param>
/// <param name="Probability">The engine's probability.</param>
/// <param name="Challenged">Whether the policy challenged it.</param>
public readonly record struct FeedbackAttackEvent(int Day, string AttackType, double Probability, bool Challenged);
