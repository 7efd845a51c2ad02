using Microsoft.Data.Sqlite;

namespace Vigil.Storage;

/// <summary>The decision audit log: append-only, hash-chained (see <see cref="AuditChain"/>), verified by <see cref="AuditVerifier"/>.</summary>
public sealed partial class VigilStore
{
    private long _auditSeq;
    private byte[] _auditHead = AuditChain.Genesis;
    private AuditInsert? _auditInsert;
    private SqliteCommand? _auditHeadUpsert;
    private SqliteCommand? _auditIndex;
    private SqliteCommand? _auditIndexMark;
    private long? _auditIndexed;
    private SqliteCommand? _auditStagedUpsert;

    private void LoadAuditHead()
    {
        using var command = Command(_writer, "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1");
        using var reader = command.ExecuteReader();
        if (reader.Read())
        {
            _auditSeq = reader.GetInt64(0);
            _auditHead = (byte[])reader.GetValue(1);
        }
    }

    /// <summary>Appends decision records in one transaction, chaining each to the one before; returns the first new sequence.</summary>
    /// <param name="records">The records, in order.</param>
    /// <param name="waitForDisk">True: fsync before returning (survives power loss). False: committed to the WAL, which survives a process crash; on disk with the next fsyncing commit.</param>
    /// <param name="stagedThrough">The highest <see cref="AuditRing"/> staging sequence among <paramref name="records"/>, recorded in the same transaction (0: not from the ring).</param>
    public long AppendDecisions(IReadOnlyList<AuditAppend> records, bool waitForDisk = true, long stagedThrough = 0)
    {
        ArgumentNullException.ThrowIfNull(records);
        lock (_writeGate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            long seq = _auditSeq;
            byte[] head = _auditHead;
            long first = seq + 1;
            Sync(waitForDisk);
            using var transaction = _writer.BeginTransaction();
            var insert = _auditInsert ??= new AuditInsert(_writer);
            Span<byte> hash = stackalloc byte[AuditChain.HashLength];
            Span<byte> previous = stackalloc byte[AuditChain.HashLength];
            head.CopyTo(previous);
            foreach (var record in records)
            {
                seq++;
                var bytes = record.Record.Span;
                AuditChain.Next(previous, seq, bytes, hash);
                insert.Execute(seq, record.DecisionId, record.Subject, record.TimeMs, bytes, previous, hash);
                hash.CopyTo(previous);
            }

            head = records.Count > 0 ? previous.ToArray() : head;
            Run(_auditHeadUpsert ??= Prepared(
                "INSERT INTO audit_head(id, seq, hash) VALUES(1, $n, $h) ON CONFLICT(id) DO UPDATE SET seq = $n, hash = $h",
                ("$n", SqliteType.Integer), ("$h", SqliteType.Blob)), transaction, seq, head);
            if (stagedThrough > 0)
            {
                Run(_auditStagedUpsert ??= Prepared(
                    "INSERT INTO audit_staged(id, seq) VALUES(1, $n) ON CONFLICT(id) DO UPDATE SET seq = $n", ("$n", SqliteType.Integer)),
                    transaction, stagedThrough);
            }

            transaction.Commit();
            _auditSeq = seq;
            _auditHead = head;
            return first;
        }
    }

    /// <summary>
    /// The most recent decisions on <paramref name="subject"/>, newest first: those already in the subject index, plus
    /// the records appended since the index was last brought up to date (<see cref="IndexAuditSubjects"/>), which are
    /// found by a scan of the log's short tail. One read transaction, so the two parts meet exactly.
    /// </summary>
    /// <exception cref="AuditIntegrityException">A record found fails <see cref="Checked"/> or is about another subject (an edited column or subject index).</exception>
    public IReadOnlyList<AuditRecord> ReadDecisions(string subject, int max = 20)
    {
        using var connection = OpenReader();
        using var transaction = connection.BeginTransaction(deferred: true);
        using var command = Command(connection, """
            WITH mark AS (SELECT COALESCE((SELECT seq FROM audit_indexed WHERE id = 1), 0) AS seq)
            SELECT seq, decision_id, subject, time_ms, record, prev_hash, hash FROM (
                SELECT a.* FROM audit a WHERE a.seq > (SELECT seq FROM mark) AND a.subject = $s
                UNION ALL
                SELECT a.* FROM audit a WHERE a.seq IN (
                    SELECT x.seq FROM audit_by_subject x WHERE x.subject = $s AND x.seq <= (SELECT seq FROM mark) ORDER BY x.seq DESC LIMIT $max))
            ORDER BY seq DESC LIMIT $max
            """, transaction);
        command.Parameters.AddWithValue("$s", subject);
        command.Parameters.AddWithValue("$max", max);
        var records = ReadAudit(command);
        foreach (var record in records)
        {
            Checked(record, connection, transaction);
            if (!string.Equals(record.Subject, subject, StringComparison.Ordinal))
            {
                throw new AuditIntegrityException(record.Sequence, "the subject index lists it under another subject: the index was edited");
            }
        }

        return records;
    }

    /// <summary>
    /// Brings the subject index up to date with the log, at most <paramref name="maxRecords"/> records per call; returns
    /// how many records it covered. The index is kept off the decision path on purpose: maintained per decision, its
    /// random inserts cost more than the rest of the audit write together (about 5 us of 10 per record at 200 subjects),
    /// while a periodic pass touches each active subject's index page once, in key order (sorted first, so consecutive
    /// inserts land on the same page). It can always be rebuilt from the log, so its transaction does not fsync.
    /// </summary>
    public int IndexAuditSubjects(int maxRecords = 100_000)
    {
        lock (_writeGate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            long from = _auditIndexed ??= ScalarLong(_writer, "SELECT COALESCE((SELECT seq FROM audit_indexed WHERE id = 1), 0)");
            long to = Math.Min(_auditSeq, from + maxRecords);
            if (to <= from)
            {
                return 0;
            }

            Sync(full: false);
            using var transaction = _writer.BeginTransaction();
            Run(_auditIndex ??= Prepared(
                "INSERT OR IGNORE INTO audit_by_subject(subject, seq) SELECT subject, seq FROM audit WHERE seq > $a AND seq <= $b AND subject IS NOT NULL ORDER BY subject, seq",
                ("$a", SqliteType.Integer), ("$b", SqliteType.Integer)), transaction, from, to);
            Run(_auditIndexMark ??= Prepared(
                "INSERT INTO audit_indexed(id, seq) VALUES(1, $n) ON CONFLICT(id) DO UPDATE SET seq = $n", ("$n", SqliteType.Integer)),
                transaction, to);
            transaction.Commit();
            _auditIndexed = to;
            return (int)(to - from);
        }
    }

    /// <summary>The decision record with <paramref name="decisionId"/>, or null.</summary>
    /// <exception cref="AuditIntegrityException">The record fails <see cref="Checked"/>: it must not be acted on.</exception>
    public AuditRecord? FindDecision(string decisionId)
    {
        using var connection = OpenReader();
        using var transaction = connection.BeginTransaction(deferred: true);
        using var command = Command(connection, "SELECT seq, decision_id, subject, time_ms, record, prev_hash, hash FROM audit WHERE decision_id = $d ORDER BY seq LIMIT 2", transaction);
        command.Parameters.AddWithValue("$d", decisionId);
        var records = ReadAudit(command);
        if (records.Count == 0)
        {
            return null;
        }

        foreach (var record in records)
        {
            Checked(record, connection, transaction);
        }

        // Decision ids are unique when written; a second record with the same id is a copy that could redirect feedback.
        return records.Count == 1 ? records[0] : throw new AuditIntegrityException(records[1].Sequence, "another record carries the same decision id");
    }

    /// <summary>
    /// The checks a read makes before the service acts on a record, short of walking the whole chain (that is
    /// <see cref="AuditVerifier"/>'s job): its columns equal its hashed content (<see cref="AuditColumns"/>), its hash
    /// is that of its bytes, sequence and link, and the next record (or the head) links to that hash. So an edited
    /// column, record, sequence or link is refused here; a rewrite with every later hash recomputed is left to
    /// verification against the anchors.
    /// </summary>
    private static void Checked(AuditRecord record, SqliteConnection connection, SqliteTransaction transaction)
    {
        if (AuditColumns.Problem(record.DecisionId, record.Subject, record.TimeMs, record.Record) is { } problem)
        {
            throw new AuditIntegrityException(record.Sequence, problem);
        }

        if (!AuditChain.Next(record.PreviousHash, record.Sequence, record.Record).AsSpan().SequenceEqual(record.Hash))
        {
            throw new AuditIntegrityException(record.Sequence, "the record's content or sequence does not match its hash: it was altered or moved");
        }

        using var next = Command(connection, """
            SELECT prev_hash FROM audit WHERE seq = $n + 1
            UNION ALL SELECT hash FROM audit_head WHERE id = 1 AND seq = $n
            LIMIT 1
            """, transaction);
        next.Parameters.AddWithValue("$n", record.Sequence);
        if (next.ExecuteScalar() is not byte[] link || !link.AsSpan().SequenceEqual(record.Hash))
        {
            throw new AuditIntegrityException(record.Sequence, "the record after it (or the head) does not link to it: it was altered, moved or the log was cut after it");
        }
    }

    /// <summary>Records after <paramref name="afterSequence"/> in order (for export and verification).</summary>
    public IReadOnlyList<AuditRecord> ReadAuditLog(long afterSequence, int max = 10_000)
    {
        using var connection = OpenReader();
        using var command = Command(connection, "SELECT seq, decision_id, subject, time_ms, record, prev_hash, hash FROM audit WHERE seq > $a ORDER BY seq LIMIT $max");
        command.Parameters.AddWithValue("$a", afterSequence);
        command.Parameters.AddWithValue("$max", max);
        return ReadAudit(command);
    }

    /// <summary>The log's current head, to be recorded outside the database (<see cref="AuditAnchor"/>); null while the log is empty.</summary>
    public AuditAnchor? AuditHead()
    {
        lock (_writeGate)
        {
            return _auditSeq == 0 ? null : new AuditAnchor(_auditSeq, Convert.ToHexStringLower(_auditHead));
        }
    }

    /// <summary>The highest <see cref="AuditRing"/> staging sequence whose record is in the log (0 when none came through the ring).</summary>
    public long AuditStagedThrough()
    {
        lock (_writeGate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return ScalarLong(_writer, "SELECT COALESCE((SELECT seq FROM audit_staged WHERE id = 1), 0)");
        }
    }

    /// <summary>Number of decision records.</summary>
    public long AuditCount()
    {
        using var connection = OpenReader();
        return ScalarLong(connection, "SELECT COUNT(*) FROM audit");
    }

    private static List<AuditRecord> ReadAudit(SqliteCommand command)
    {
        using var reader = command.ExecuteReader();
        var records = new List<AuditRecord>();
        while (reader.Read())
        {
            records.Add(new AuditRecord(reader.GetInt64(0), reader.GetString(1), NullableString(reader, 2), reader.GetInt64(3),
                (byte[])reader.GetValue(4), (byte[])reader.GetValue(5), (byte[])reader.GetValue(6)));
        }

        return records;
    }
}
