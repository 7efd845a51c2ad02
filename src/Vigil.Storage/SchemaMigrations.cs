using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Vigil.Storage;

/// <summary>
/// The schema of <c>vigil.db</c>, as forward migrations numbered in SQLite's <c>user_version</c>. Opening a database
/// applies, each in its own transaction with its version number, every migration newer than the file; a file written
/// by a newer Vigil (a version above <see cref="Latest"/>) is refused rather than written into, since this release
/// cannot know what the newer one changed. A schema change is a new migration appended at the end, never an edit of
/// an old one: databases in the field have already run those. Tested against a database written by the previous
/// release (<c>tests/Vigil.Storage.Tests/TestData</c>).
/// </summary>
internal static class SchemaMigrations
{
    /// <summary>One step: what it does and its SQL, run inside the step's transaction.</summary>
    private sealed record Migration(int Version, string Description, Action<SqliteConnection, SqliteTransaction> Apply);

    /// <summary>The version this release writes.</summary>
    public static int Latest => Steps[^1].Version;

    /// <summary>What each version added, for <c>vigil</c>'s diagnostics and docs/storage.md.</summary>
    public static IEnumerable<(int Version, string Description)> History => Steps.Select(s => (s.Version, s.Description));

    private static readonly Migration[] Steps =
    [
        // Version 1 is the schema as releases before versioning left it (user_version 0). Every statement tolerates a
        // database that already has it, so both a new file and one from those releases arrive at the same schema.
        new(1, "journal, audit log, feedback, checkpoints, policies, evicted identities, API keys, alerts and incidents, connector cursors, models", (c, t) => Run(c, t, """
            CREATE TABLE IF NOT EXISTS journal(
                seq INTEGER PRIMARY KEY, kind INTEGER NOT NULL, event_id TEXT UNIQUE, subject TEXT,
                received_ms INTEGER NOT NULL, payload BLOB NOT NULL);
            CREATE TABLE IF NOT EXISTS audit(
                seq INTEGER PRIMARY KEY, decision_id TEXT NOT NULL, subject TEXT, time_ms INTEGER NOT NULL,
                record BLOB NOT NULL, prev_hash BLOB NOT NULL, hash BLOB NOT NULL);
            DROP INDEX IF EXISTS audit_subject;
            CREATE TABLE IF NOT EXISTS audit_by_subject(subject TEXT NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY(subject, seq)) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS audit_indexed(id INTEGER PRIMARY KEY CHECK (id = 1), seq INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS audit_staged(id INTEGER PRIMARY KEY CHECK (id = 1), seq INTEGER NOT NULL);
            CREATE INDEX IF NOT EXISTS audit_decision ON audit(decision_id);
            CREATE TABLE IF NOT EXISTS audit_head(id INTEGER PRIMARY KEY CHECK (id = 1), seq INTEGER NOT NULL, hash BLOB NOT NULL);
            CREATE TABLE IF NOT EXISTS feedback(
                seq INTEGER PRIMARY KEY AUTOINCREMENT, journal_seq INTEGER NOT NULL, identity_id TEXT NOT NULL, tenant TEXT,
                kind TEXT NOT NULL, decision_id TEXT, event_id TEXT, actor TEXT NOT NULL, time_ms INTEGER NOT NULL);
            CREATE INDEX IF NOT EXISTS feedback_identity ON feedback(identity_id, seq);
            CREATE TABLE IF NOT EXISTS checkpoints(
                id INTEGER PRIMARY KEY AUTOINCREMENT, journal_seq INTEGER NOT NULL, created_ms INTEGER NOT NULL, data BLOB NOT NULL);
            CREATE TABLE IF NOT EXISTS checkpoint_sets(
                id INTEGER PRIMARY KEY AUTOINCREMENT, journal_seq INTEGER NOT NULL, created_ms INTEGER NOT NULL, bytes INTEGER NOT NULL,
                complete INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS checkpoint_chunks(id INTEGER PRIMARY KEY, checkpoint_id INTEGER NOT NULL, data BLOB NOT NULL);
            CREATE INDEX IF NOT EXISTS checkpoint_chunks_by_set ON checkpoint_chunks(checkpoint_id, id);
            CREATE TABLE IF NOT EXISTS policies(
                version INTEGER PRIMARY KEY, document TEXT NOT NULL, author TEXT NOT NULL, created_ms INTEGER NOT NULL, comment TEXT);
            CREATE TABLE IF NOT EXISTS policy_data(version INTEGER PRIMARY KEY, document TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS evicted_identities(
                tenant TEXT NOT NULL, id TEXT NOT NULL, seq INTEGER NOT NULL, state BLOB NOT NULL, PRIMARY KEY(tenant, id, seq)) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS api_keys(
                key_id TEXT PRIMARY KEY, name TEXT NOT NULL, scopes TEXT NOT NULL, salt BLOB NOT NULL, hash BLOB NOT NULL,
                created_ms INTEGER NOT NULL, revoked INTEGER NOT NULL DEFAULT 0);
            CREATE TABLE IF NOT EXISTS alerts(
                id INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT NOT NULL UNIQUE, tenant TEXT NOT NULL, identity TEXT NOT NULL,
                event_id TEXT, decision_id TEXT, source TEXT NOT NULL, time_ms INTEGER NOT NULL, created_ms INTEGER NOT NULL,
                score INTEGER NOT NULL, level TEXT NOT NULL, reasons TEXT NOT NULL, features BLOB NOT NULL,
                incident_id INTEGER NOT NULL, status TEXT NOT NULL, acted_by TEXT, acted_ms INTEGER);
            CREATE INDEX IF NOT EXISTS alerts_by_tenant ON alerts(tenant, id);
            CREATE INDEX IF NOT EXISTS alerts_by_identity ON alerts(tenant, identity, id);
            CREATE INDEX IF NOT EXISTS alerts_by_status ON alerts(status, id);
            CREATE INDEX IF NOT EXISTS alerts_by_incident ON alerts(incident_id);
            CREATE TABLE IF NOT EXISTS incidents(
                id INTEGER PRIMARY KEY AUTOINCREMENT, tenant TEXT NOT NULL, identity TEXT NOT NULL, first_ms INTEGER NOT NULL,
                last_ms INTEGER NOT NULL, alerts INTEGER NOT NULL, open_alerts INTEGER NOT NULL, max_score INTEGER NOT NULL);
            CREATE INDEX IF NOT EXISTS incidents_by_identity ON incidents(tenant, identity, last_ms);
            CREATE TABLE IF NOT EXISTS connector_cursors(name TEXT PRIMARY KEY, cursor TEXT NOT NULL, saved_ms INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS models(
                version INTEGER PRIMARY KEY, name TEXT NOT NULL, data BLOB NOT NULL, created_ms INTEGER NOT NULL, author TEXT NOT NULL, comment TEXT);
            CREATE TABLE IF NOT EXISTS model_changes(
                id INTEGER PRIMARY KEY AUTOINCREMENT, action TEXT NOT NULL, version INTEGER, previous INTEGER,
                changed_ms INTEGER NOT NULL, author TEXT NOT NULL, comment TEXT);
            """)),

        // Keys bound to a tenant (issue 11, defect 8). Databases from before it have api_keys without the column; the
        // releases that added it did so unversioned, so the step checks rather than assumes.
        new(2, "api_keys.tenant: a key bound to one tenant", (c, t) =>
        {
            if (!HasColumn(c, t, "api_keys", "tenant"))
            {
                Run(c, t, "ALTER TABLE api_keys ADD COLUMN tenant TEXT");
            }
        }),

        // Identity risk-level changes kept for the SIEM exports (docs/connectors.md, "SIEM export"). AUTOINCREMENT, so
        // an id is never reused after the oldest rows are pruned: an export's saved cursor stays meaningful.
        new(3, "risk_changes: identity risk-level crossings for the SIEM exports", (c, t) => Run(c, t, """
            CREATE TABLE IF NOT EXISTS risk_changes(
                id INTEGER PRIMARY KEY AUTOINCREMENT, tenant TEXT NOT NULL, identity TEXT NOT NULL, previous TEXT NOT NULL,
                current TEXT NOT NULL, reason TEXT, time_ms INTEGER NOT NULL);
            """)),

        // The highest journal-ring staging sequence whose entry is in the journal (docs/storage.md, `journal_staged`), written in the same transaction as the entries: recovery skips what the journal already has.
        new(4, "journal_staged: the journal ring's watermark", (c, t) => Run(c, t,
            "CREATE TABLE IF NOT EXISTS journal_staged(id INTEGER PRIMARY KEY CHECK (id = 1), seq INTEGER NOT NULL)")),
    ];

    /// <summary>Brings the database on <paramref name="connection"/> to <see cref="Latest"/>; returns the version it found.</summary>
    public static int Apply(SqliteConnection connection, string path)
    {
        int found = UserVersion(connection);
        if (found > Latest)
        {
            throw new StorageVersionException(
                $"{path} has schema version {found}, written by a newer Vigil; this one knows versions up to {Latest}. Run the newer release, or restore a backup taken before the upgrade.");
        }

        foreach (var step in Steps)
        {
            if (step.Version <= found)
            {
                continue;
            }

            using var transaction = connection.BeginTransaction();
            step.Apply(connection, transaction);
            Run(connection, transaction, "PRAGMA user_version = " + step.Version.ToString(CultureInfo.InvariantCulture));
            transaction.Commit();
        }

        return found;
    }

    /// <summary>The schema version of the database on <paramref name="connection"/> (0: never versioned).</summary>
    public static int UserVersion(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA user_version";
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static void Run(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static bool HasColumn(SqliteConnection connection, SqliteTransaction transaction, string table, string column)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT COUNT(*) FROM pragma_table_info($t) WHERE name = $c";
        command.Parameters.AddWithValue("$t", table);
        command.Parameters.AddWithValue("$c", column);
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture) > 0;
    }
}
