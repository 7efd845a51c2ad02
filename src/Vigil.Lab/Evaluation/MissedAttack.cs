namespace Vigil.Lab.Evaluation;

/// <summary>An attack event the active policy permitted (its would-be outcome), with what the engine saw in it.</summary>
/// <param name="TimestampMs">The event's time.</param>
/// <param name="Identity">The subject.</param>
/// <param name="AttackType"><c>labels.attack_type</c>.</param>
/// <param name="AttackId"><c>labels.attack_id</c>, when present.</param>
/// <param name="Score">Risk score 0-100.</param>
/// <param name="Reasons">Its reasons, strongest first, as "CODE: description".</param>
public sealed record MissedAttack(long TimestampMs, string Identity, string AttackType, string? AttackId, int Score, IReadOnlyList<string> Reasons);
