namespace Vigil.Storage;

/// <summary>One entry to append to the journal.</summary>
/// <param name="Kind">Event or feedback.</param>
/// <param name="EventId">The idempotence key (<c>event.id</c>); null when the event has none (then it is never deduplicated).</param>
/// <param name="Subject">The identity the entry is about, for the identity view; may be null.</param>
/// <param name="Payload">The bytes replayed after a restart.</param>
/// <param name="Source">Who sent it: <paramref name="EventId"/> is unique within its source only.</param>
public readonly record struct JournalAppend(JournalKind Kind, string? EventId, string? Subject, ReadOnlyMemory<byte> Payload, JournalSource Source = JournalSource.Ingest);
