namespace Vigil.Storage;

/// <summary>Feedback to record: written to the journal (so the engine applies it in order) and to the feedback table, in one transaction.</summary>
/// <param name="IdentityId">The identity the feedback is about.</param>
/// <param name="Tenant">Its tenant, or null for the default.</param>
/// <param name="Kind">confirm_safe, dismiss, confirm_compromised or not_me.</param>
/// <param name="DecisionId">The decision it is about, when given.</param>
/// <param name="EventId">The event it is about, when given.</param>
/// <param name="Actor">Who gave it (subject or key name).</param>
/// <param name="TimeMs">When, Unix ms.</param>
/// <param name="Payload">The journal payload the engine replays.</param>
public sealed record FeedbackAppend(string IdentityId, string? Tenant, string Kind, string? DecisionId, string? EventId, string Actor, long TimeMs, ReadOnlyMemory<byte> Payload);
