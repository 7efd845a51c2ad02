namespace Vigil.Storage;

/// <summary>One durable journal entry.</summary>
/// <param name="Sequence">Position in the journal, from 1, strictly increasing: the order the engine learns in.</param>
/// <param name="Kind">Event or feedback.</param>
/// <param name="EventId">The idempotence key, when one was given.</param>
/// <param name="Subject">The identity the entry is about, when known.</param>
/// <param name="ReceivedMs">When the service accepted it (Unix ms, service clock).</param>
/// <param name="Payload">The bytes as appended.</param>
/// <param name="Source">Who sent it (the scope of <paramref name="EventId"/>).</param>
public sealed record JournalEntry(long Sequence, JournalKind Kind, string? EventId, string? Subject, long ReceivedMs, byte[] Payload, JournalSource Source = JournalSource.Ingest);
