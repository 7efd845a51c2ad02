using Microsoft.Data.Sqlite;

namespace Vigil.Storage;

/// <summary>The event journal: the ordered, durable input of the engine.</summary>
public sealed partial class VigilStore
{
    private SqliteCommand? _journalInsert;
    private SqliteCommand? _journalExisting;
    private SqliteCommand? _journalStagedUpsert;

    /// <summary>
    /// Appends <paramref name="entries"/> in one transaction, in order. An entry whose id is already in the journal
    /// from the same <see cref="JournalSource"/> (from an earlier batch or earlier in this one) is not written again:
    /// its result carries the earlier sequence and <see cref="AppendResult.Duplicate"/>. When this returns, the new
    /// entries are committed: in the operating system's cache (they survive a crash or kill -9, and the next WAL
    /// checkpoint fsyncs them), or on disk with <paramref name="waitForDisk"/> (they survive a power loss too).
    /// </summary>
    /// <param name="entries">The entries to append.</param>
    /// <param name="waitForDisk">Fsync the commit before returning.</param>
    /// <param name="onCommitted">Called under the write lock right after the commit with the new entries' results, so a caller can hand them on in journal order.</param>
    /// <param name="cursors">Pull connectors' cursors saved in the same transaction (both or neither survive a crash).</param>
    /// <param name="stagedThrough">The highest staging sequence of a ring the entries were staged in first (the service's
    /// ring of observed requests), recorded in the same transaction (0: none among them); see <see cref="JournalStagedThrough"/>.</param>
    public AppendResult[] Append(IReadOnlyList<JournalAppend> entries, bool waitForDisk = true, Action<AppendResult[]>? onCommitted = null, IReadOnlyList<ConnectorCursor>? cursors = null, long stagedThrough = 0)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var results = new AppendResult[entries.Count];
        long now = NowMs;
        if (cursors is { Count: > 0 })
        {
        }

        lock (_writeGate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            Sync(waitForDisk);
            using var transaction = _writer.BeginTransaction();
            var insert = _journalInsert ??= Prepared(
                "INSERT INTO journal(kind, event_id, subject, received_ms, payload) VALUES($k, $id, $s, $t, $p) ON CONFLICT(event_id) DO NOTHING RETURNING seq",
                ("$k", SqliteType.Integer), ("$id", SqliteType.Text), ("$s", SqliteType.Text), ("$t", SqliteType.Integer), ("$p", SqliteType.Blob));
            var existing = _journalExisting ??= Prepared("SELECT seq FROM journal WHERE event_id = $id", ("$id", SqliteType.Text));
            insert.Transaction = transaction;
            existing.Transaction = transaction;
            var kind = insert.Parameters[0];
            var id = insert.Parameters[1];
            var subject = insert.Parameters[2];
            var time = insert.Parameters[3];
            var payload = insert.Parameters[4];
            var existingId = existing.Parameters[0];
            time.Value = now;
            for (int i = 0; i < entries.Count; i++)
            {
                var entry = entries[i];
                kind.Value = (int)entry.Kind;
                string? key = Key(entry.Source, entry.EventId);
                id.Value = (object?)key ?? DBNull.Value;
                subject.Value = (object?)entry.Subject ?? DBNull.Value;
                payload.Value = entry.Payload.ToArray();
                object? seq = insert.ExecuteScalar();
                if (seq is long written)
                {
                    results[i] = new AppendResult(written, false);
                }
                else
                {
                    existingId.Value = key;
                    results[i] = new AppendResult((long)existing.ExecuteScalar()!, true);
                }
            }

            // A pull connector's cursor moves in the same transaction as its page's entries: a crash or a failure
            // leaves both or neither, so a page is never lost behind a saved cursor nor journaled twice.
            foreach (var cursor in cursors ?? [])
            {
                UpsertCursor(transaction, cursor.Connector, cursor.Cursor, now);
            }

            if (stagedThrough > 0)
            {
                Run(_journalStagedUpsert ??= Prepared(
                    "INSERT INTO journal_staged(id, seq) VALUES(1, $n) ON CONFLICT(id) DO UPDATE SET seq = $n", ("$n", SqliteType.Integer)),
                    transaction, stagedThrough);
            }

            transaction.Commit();
            onCommitted?.Invoke(results);
        }

        return results;
    }

    /// <summary>The highest staging sequence recorded by <see cref="Append"/> (0 when none): entries staged after it are not in the journal.</summary>
    public long JournalStagedThrough()
    {
        lock (_writeGate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return ScalarLong(_writer, "SELECT COALESCE((SELECT seq FROM journal_staged WHERE id = 1), 0)");
        }
    }

    /// <summary>Up to <paramref name="max"/> entries after <paramref name="afterSequence"/>, in journal order.</summary>
    public IReadOnlyList<JournalEntry> ReadJournal(long afterSequence, int max = 10_000)
    {
        using var connection = OpenReader();
        using var command = Command(connection, "SELECT seq, kind, event_id, subject, received_ms, payload FROM journal WHERE seq > $after ORDER BY seq LIMIT $max");
        command.Parameters.AddWithValue("$after", afterSequence);
        command.Parameters.AddWithValue("$max", max);
        using var reader = command.ExecuteReader();
        var entries = new List<JournalEntry>();
        while (reader.Read())
        {
            var (source, eventId) = Unkey(NullableString(reader, 2));
            entries.Add(new JournalEntry(reader.GetInt64(0), (JournalKind)reader.GetInt32(1), eventId, NullableString(reader, 3),
                reader.GetInt64(4), (byte[])reader.GetValue(5), source));
        }

        return entries;
    }

    /// <summary>The highest journal sequence, 0 when empty.</summary>
    public long JournalHead()
    {
        using var connection = OpenReader();
        return ScalarLong(connection, "SELECT COALESCE(MAX(seq), 0) FROM journal");
    }

    /// <summary>True when an entry with <paramref name="eventId"/> from <paramref name="source"/> is in the journal.</summary>
    public bool ContainsEvent(string eventId, JournalSource source = JournalSource.Ingest)
    {
        using var connection = OpenReader();
        using var command = Command(connection, "SELECT 1 FROM journal WHERE event_id = $id");
        command.Parameters.AddWithValue("$id", Key(source, eventId));
        return command.ExecuteScalar() is not null;
    }

    /// <summary>
    /// The subject of the journal entry with <paramref name="eventId"/>, or null when unknown: an ingested event's when
    /// there is one, else an observed evaluation's.
    /// </summary>
    public string? SubjectOfEvent(string eventId)
    {
        using var connection = OpenReader();
        using var command = Command(connection, "SELECT subject FROM journal WHERE event_id = $id");
        var id = command.Parameters.Add("$id", SqliteType.Text);
        foreach (var source in (ReadOnlySpan<JournalSource>)[JournalSource.Ingest, JournalSource.Evaluation])
        {
            id.Value = Key(source, eventId);
            if (command.ExecuteScalar() is string subject)
            {
                return subject;
            }
        }

        return null;
    }

    // The event_id column is UNIQUE on its own (older databases have it so, and SQLite cannot drop a column's
    // constraint without rebuilding the table), so the source is folded into the stored key. Ingested ids are
    // stored as given, as before; ids from other sources start with a control character and the source's name, and
    // the rare ingested id that starts with that character gets a second one. Distinct (source, id) pairs therefore
    // never share a key, and journals written before sources existed read back unchanged.
    private const char Marker = '\u0001';
    private const string EvaluationPrefix = "\u0001authzen:";

    internal static string? Key(JournalSource source, string? eventId) => eventId is null ? null : source switch
    {
        JournalSource.Evaluation => EvaluationPrefix + eventId,
        _ => eventId.Length > 0 && eventId[0] == Marker ? Marker + eventId : eventId,
    };

    internal static (JournalSource Source, string? EventId) Unkey(string? key) => key switch
    {
        null => (JournalSource.Ingest, null),
        _ when key.StartsWith(EvaluationPrefix, StringComparison.Ordinal) => (JournalSource.Evaluation, key[EvaluationPrefix.Length..]),
        _ when key.Length > 0 && key[0] == Marker => (JournalSource.Ingest, key[1..]),
        _ => (JournalSource.Ingest, key),
    };
}
