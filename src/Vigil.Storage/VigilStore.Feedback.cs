using Microsoft.Data.Sqlite;

namespace Vigil.Storage;

/// <summary>Feedback records: journaled (the engine applies them in order with events) and kept for the identity view.</summary>
public sealed partial class VigilStore
{
    /// <summary>Writes the feedback's journal entry and its record in one transaction; returns the journal sequence.</summary>
    /// <param name="feedback">The feedback.</param>
    /// <param name="onCommitted">Called under the write lock right after the commit with the journal sequence.</param>
    public long AppendFeedback(FeedbackAppend feedback, Action<long>? onCommitted = null)
    {
        ArgumentNullException.ThrowIfNull(feedback);
        lock (_writeGate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            Sync(full: true);
            using var transaction = _writer.BeginTransaction();
            long journalSeq;
            using (var insert = Command(_writer,
                "INSERT INTO journal(kind, event_id, subject, received_ms, payload) VALUES($k, NULL, $s, $t, $p) RETURNING seq", transaction))
            {
                insert.Parameters.AddWithValue("$k", (int)JournalKind.Feedback);
                insert.Parameters.AddWithValue("$s", feedback.IdentityId);
                insert.Parameters.AddWithValue("$t", feedback.TimeMs);
                insert.Parameters.AddWithValue("$p", feedback.Payload.ToArray());
                journalSeq = (long)insert.ExecuteScalar()!;
            }

            using (var record = Command(_writer,
                "INSERT INTO feedback(journal_seq, identity_id, tenant, kind, decision_id, event_id, actor, time_ms) VALUES($j, $i, $te, $k, $d, $e, $a, $t)", transaction))
            {
                record.Parameters.AddWithValue("$j", journalSeq);
                record.Parameters.AddWithValue("$i", feedback.IdentityId);
                record.Parameters.AddWithValue("$te", (object?)feedback.Tenant ?? DBNull.Value);
                record.Parameters.AddWithValue("$k", feedback.Kind);
                record.Parameters.AddWithValue("$d", (object?)feedback.DecisionId ?? DBNull.Value);
                record.Parameters.AddWithValue("$e", (object?)feedback.EventId ?? DBNull.Value);
                record.Parameters.AddWithValue("$a", feedback.Actor);
                record.Parameters.AddWithValue("$t", feedback.TimeMs);
                record.ExecuteNonQuery();
            }

            transaction.Commit();
            onCommitted?.Invoke(journalSeq);
            return journalSeq;
        }
    }

    /// <summary>The most recent feedback on <paramref name="identityId"/>, newest first (all identities when null).</summary>
    public IReadOnlyList<FeedbackRecord> ReadFeedback(string? identityId, int max = 50)
    {
        using var connection = OpenReader();
        using var command = Command(connection, identityId is null
            ? "SELECT seq, journal_seq, identity_id, tenant, kind, decision_id, event_id, actor, time_ms FROM feedback ORDER BY seq DESC LIMIT $max"
            : "SELECT seq, journal_seq, identity_id, tenant, kind, decision_id, event_id, actor, time_ms FROM feedback WHERE identity_id = $i ORDER BY seq DESC LIMIT $max");
        command.Parameters.AddWithValue("$i", (object?)identityId ?? DBNull.Value);
        command.Parameters.AddWithValue("$max", max);
        using var reader = command.ExecuteReader();
        var records = new List<FeedbackRecord>();
        while (reader.Read())
        {
            records.Add(new FeedbackRecord(reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), NullableString(reader, 3), reader.GetString(4),
                NullableString(reader, 5), NullableString(reader, 6), reader.GetString(7), reader.GetInt64(8)));
        }

        return records;
    }
}
