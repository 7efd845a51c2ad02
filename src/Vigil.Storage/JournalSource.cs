namespace Vigil.Storage;

/// <summary>
/// Who put an entry in the journal. Event ids are unique per source, not across sources: an evaluate-scope caller's
/// <c>context.event_id</c> can never claim the id of an event the identity provider will ingest, so the real event is
/// never dropped as a duplicate (issue 11, defect 6).
/// </summary>
public enum JournalSource : byte
{
    /// <summary>Ingested telemetry and feedback (the ids the identity provider or the service gives).</summary>
    Ingest = 0,
    /// <summary>An observed AuthZEN evaluation (the id its <c>context.event_id</c> gives).</summary>
    Evaluation = 1,
}
