using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Vigil.Storage;

/// <summary>
/// The audit log's row insert, run through SQLite's own statement API on the write connection (inside the
/// transaction that connection has open). The audit drainer inserts one row per decision; through
/// Microsoft.Data.Sqlite every row also built a data reader, a binder per parameter and boxed values, which cost about
/// as much as SQLite's own work on the row. Text is bound as UTF-16 and blobs as spans, so a row allocates nothing.
/// </summary>
internal sealed class AuditInsert : IDisposable
{
    private const string Sql = "INSERT INTO audit(seq, decision_id, subject, time_ms, record, prev_hash, hash) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)";
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;

    public AuditInsert(SqliteConnection connection)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("The write connection is not open.");
        int rc = raw.sqlite3_prepare_v2(_db, Sql, out _statement);
        SqliteException.ThrowExceptionForRC(rc, _db);
    }

    public void Execute(long sequence, string decisionId, string? subject, long timeMs, ReadOnlySpan<byte> record, ReadOnlySpan<byte> previousHash, ReadOnlySpan<byte> hash)
    {
        var s = _statement;
        try
        {
            Check(raw.sqlite3_bind_int64(s, 1, sequence));
            Check(raw.sqlite3_bind_text16(s, 2, decisionId.AsSpan()));
            Check(subject is null ? raw.sqlite3_bind_null(s, 3) : raw.sqlite3_bind_text16(s, 3, subject.AsSpan()));
            Check(raw.sqlite3_bind_int64(s, 4, timeMs));
            Check(raw.sqlite3_bind_blob(s, 5, record));
            Check(raw.sqlite3_bind_blob(s, 6, previousHash));
            Check(raw.sqlite3_bind_blob(s, 7, hash));
            int rc = raw.sqlite3_step(s);
            if (rc != raw.SQLITE_DONE)
            {
                SqliteException.ThrowExceptionForRC(rc, _db);
            }
        }
        finally
        {
            // Reset and unbind at once: a failed row must not leave the statement holding the caller's buffers or a
            // half-bound row for the next batch.
            raw.sqlite3_reset(s);
            raw.sqlite3_clear_bindings(s);
        }
    }

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(rc, _db);
        }
    }

    public void Dispose() => _statement.Dispose();
}
