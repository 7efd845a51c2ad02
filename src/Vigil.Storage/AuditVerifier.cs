using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Vigil.Storage;

/// <summary>
/// Checks the decision audit log of a data directory (what <c>vigil audit verify</c> runs): every record's hash is
/// recomputed from its bytes and the hash before it, sequences must run 1, 2, 3 ... without gaps, and the last
/// record must match the stored head, so an altered, removed, reordered or truncated record is reported by position.
/// Anchors (heads recorded outside the database) also catch a log whose hashes were recomputed after a rewrite.
/// </summary>
public static class AuditVerifier
{
    /// <summary>
    /// Verifies the audit log in <paramref name="dataDirectory"/> (read-only; the service may keep running). Each of
    /// <paramref name="anchors"/> must match the recomputed chain at its sequence (<see cref="AuditAnchor"/>).
    /// </summary>
    public static AuditVerification Verify(string dataDirectory, IReadOnlyCollection<AuditAnchor>? anchors = null)
    {
        using var connection = OpenReadOnly(dataDirectory);
        return Verify(connection, anchors ?? []);
    }

    /// <summary>The head stored in <paramref name="dataDirectory"/>'s database (read-only), or null while the log is empty.</summary>
    public static AuditAnchor? ReadHead(string dataDirectory)
    {
        using var connection = OpenReadOnly(dataDirectory);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT seq, hash FROM audit_head WHERE id = 1";
        using var reader = command.ExecuteReader();
        return reader.Read() ? new AuditAnchor(reader.GetInt64(0), Convert.ToHexStringLower((byte[])reader.GetValue(1))) : null;
    }

    private static SqliteConnection OpenReadOnly(string dataDirectory)
    {
        string path = Path.Combine(dataDirectory, VigilStore.FileName);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No Vigil database at '{path}': check --data-dir.", path);
        }

        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    internal static AuditVerification Verify(SqliteConnection connection, IReadOnlyCollection<AuditAnchor> anchors)
    {
        var pinned = new Dictionary<long, string>();
        foreach (var anchor in anchors)
        {
            if (pinned.TryGetValue(anchor.Sequence, out string? other) && other != anchor.Hash)
            {
                // At most one of them was taken from this log: the log or an anchor was rewritten.
                return Bad(0, anchor.Sequence, "two anchors name this record with different hashes: the log was rewritten after one of them was taken, or an anchor was edited");
            }

            pinned[anchor.Sequence] = anchor.Hash;
        }

        byte[] previous = AuditChain.Genesis;
        long expected = 1, checkedCount = 0;
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT seq, record, prev_hash, hash, decision_id, subject, time_ms FROM audit ORDER BY seq";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                long seq = reader.GetInt64(0);
                var record = (byte[])reader.GetValue(1);
                var storedPrevious = (byte[])reader.GetValue(2);
                var storedHash = (byte[])reader.GetValue(3);
                if (seq != expected)
                {
                    return Bad(checkedCount, expected, string.Create(CultureInfo.InvariantCulture, $"records {expected} to {seq - 1} were removed"));
                }

                if (!storedPrevious.AsSpan().SequenceEqual(previous))
                {
                    return Bad(checkedCount, seq, "the link to the previous record does not match: a record before it was altered or removed");
                }

                byte[] hash = AuditChain.Next(previous, seq, record);
                if (!hash.AsSpan().SequenceEqual(storedHash))
                {
                    return Bad(checkedCount, seq, "the record's content does not match its hash: it was altered");
                }

                // The lookup columns are outside the hash: each must equal the hashed record's field (AuditColumns).
                if (AuditColumns.Problem(reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5), reader.GetInt64(6), record) is { } columns)
                {
                    return Bad(checkedCount, seq, columns);
                }

                if (pinned.TryGetValue(seq, out string? anchored) && Convert.ToHexStringLower(hash) != anchored)
                {
                    return Bad(checkedCount, seq, "the chain does not match the anchor recorded outside the database for this record: the log was rewritten at or before it");
                }

                previous = hash;
                expected++;
                checkedCount++;
            }
        }

        using (var head = connection.CreateCommand())
        {
            head.CommandText = "SELECT seq, hash FROM audit_head WHERE id = 1";
            using var reader = head.ExecuteReader();
            if (reader.Read())
            {
                long headSeq = reader.GetInt64(0);
                if (headSeq != expected - 1)
                {
                    return Bad(checkedCount, expected, string.Create(CultureInfo.InvariantCulture, $"the log ends at record {expected - 1} but its head says {headSeq}: records at the end were removed"));
                }

                if (!((byte[])reader.GetValue(1)).AsSpan().SequenceEqual(previous))
                {
                    return Bad(checkedCount, expected - 1, "the last record does not match the stored head: it was altered or replaced");
                }
            }
            else if (checkedCount > 0)
            {
                return Bad(checkedCount, 1, "the log's head record is missing");
            }
        }

        using (var index = connection.CreateCommand())
        {
            index.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'audit_by_subject'";
            bool hasIndex = Convert.ToInt64(index.ExecuteScalar(), CultureInfo.InvariantCulture) > 0; // absent in a database last opened by an older version
            // The subject index only points at records; one that points at a record about someone else would show
            // (or hide) decisions in the identity view.
            index.CommandText = "SELECT x.seq FROM audit_by_subject x LEFT JOIN audit a ON a.seq = x.seq WHERE a.subject IS NOT x.subject ORDER BY x.seq LIMIT 1";
            if (hasIndex && index.ExecuteScalar() is long misfiled)
            {
                return Bad(checkedCount, misfiled, "the subject index lists this record under another subject, or a record that is not in the log: the index was edited");
            }
        }

        using (var duplicates = connection.CreateCommand())
        {
            // Decision ids are unique when written; a copy of a record (chained anew at the end) could answer a
            // feedback lookup in place of the original.
            duplicates.CommandText = "SELECT MAX(seq) FROM audit GROUP BY decision_id HAVING COUNT(*) > 1 ORDER BY 1 LIMIT 1";
            if (duplicates.ExecuteScalar() is long copy)
            {
                return Bad(checkedCount, copy, "another record carries the same decision id: a record was copied");
            }
        }

        long beyond = pinned.Keys.Where(k => k >= expected).DefaultIfEmpty(0).Min();
        if (beyond > 0)
        {
            return Bad(checkedCount, expected, string.Create(CultureInfo.InvariantCulture, $"the log ends at record {expected - 1} but an anchor recorded outside the database names record {beyond}: records at the end were removed"));
        }

        return new AuditVerification(true, checkedCount, null, null);
    }

    private static AuditVerification Bad(long checkedCount, long sequence, string problem) => new(false, checkedCount, sequence, problem);
}
