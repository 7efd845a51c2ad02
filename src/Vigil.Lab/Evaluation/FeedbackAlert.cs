namespace Vigil.Lab.Evaluation;

/// <summary>An alert waiting in the replayed analyst's queue: what the service's alert keeps (docs/alerts.md).</summary>
/// <param name="Score">Its risk score, 0..100 (the queue's order).</param>
/// <param name="Sequence">Its position in the stream (ties of score: earlier first).</param>
/// <param name="Identity">The identity alerted.</param>
/// <param name="Tenant">Its tenant (null: the default).</param>
/// <param name="EventId">The event's id.</param>
/// <param name="TimeMs">The event's time.</param>
/// <param name="Pattern">The pattern confirm_safe teaches (<c>VigilEngine.PatternOf</c> with its assessment: the features and the travel pair).</param>
/// <param name="IsAttack">The stream's label.</param>
/// <param name="Failed">The event failed (an attack on the account that did not get in).</param>
/// <param name="Reason">Its first (strongest) reason: an action on an identity's top alert settles its alerts of the same reason.</param>
internal readonly record struct FeedbackAlert(int Score, long Sequence, string Identity, string? Tenant, string? EventId, long TimeMs, ulong[] Pattern, bool IsAttack, bool Failed,
    Core.Scoring.ReasonCode Reason);
