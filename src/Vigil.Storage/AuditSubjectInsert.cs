using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Vigil.Storage;

/// <summary>
/// The subject index's row insert (<c>audit_by_subject</c>), run through SQLite's own statement API on the write
/// connection, inside the transaction that connection has open. The index pass inserts one row per indexed decision
/// from pairs it already holds in memory; through Microsoft.Data.Sqlite each row would also build a data reader, a
/// binder per parameter and a boxed sequence. <c>OR IGNORE</c> keeps the semantics of the SQL pass it stands in for:
/// a row already there (an index rebuilt by hand, a pass repeated after a lost mark) is not an error.
/// </summary>
internal sealed class AuditSubjectInsert : IDisposable
{
    private const string Sql = "INSERT OR IGNORE INTO audit_by_subject(subject, seq) VALUES(?1, ?2)";
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;

    public AuditSubjectInsert(SqliteConnection connection)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("The write connection is not open.");
        int rc = raw.sqlite3_prepare_v2(_db, Sql, out _statement);
        SqliteException.ThrowExceptionForRC(rc, _db);
    }

    public void Execute(string subject, long sequence)
    {
        var s = _statement;
        try
        {
            // Bound as UTF-16 like AuditInsert binds audit.subject, so SQLite converts the same string the same way
            // and the index holds the bytes the SQL pass would have copied from the audit row.
            Check(raw.sqlite3_bind_text16(s, 1, subject.AsSpan()));
            Check(raw.sqlite3_bind_int64(s, 2, sequence));
            int rc = raw.sqlite3_step(s);
            if (rc != raw.SQLITE_DONE)
            {
                SqliteException.ThrowExceptionForRC(rc, _db);
            }
        }
        finally
        {
            // Reset and unbind at once: a failed row must not leave the statement holding a subject or a half-bound
            // row for the next pass.
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
