namespace Vigil.Storage;

/// <summary>One stored feedback record.</summary>
/// <param name="Sequence">Position in the feedback table.</param>
/// <param name="JournalSequence">The journal entry that applies it to the engine.</param>
/// <param name="IdentityId">The identity.</param>
/// <param name="Tenant">Its tenant, or null.</param>
/// <param name="Kind">confirm_safe, dismiss, confirm_compromised or not_me.</param>
/// <param name="DecisionId">The decision it is about, when given.</param>
/// <param name="EventId">The event it is about, when given.</param>
/// <param name="Actor">Who gave it.</param>
/// <param name="TimeMs">When, Unix ms.</param>
public sealed record FeedbackRecord(long Sequence, long JournalSequence, string IdentityId, string? Tenant, string Kind, string? DecisionId, string? EventId, string Actor, long TimeMs);
